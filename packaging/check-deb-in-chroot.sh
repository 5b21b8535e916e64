#!/bin/sh
# Install the .deb in a clean Debian 12 chroot (debootstrap, minbase: no Python, no X libraries),
# let apt resolve its Depends from the mirror, run `celery-desktop --self-test` there, then
# `apt-get remove` it and check that none of its files is left. Needs root and the Debian mirror.
set -eu
deb="$(readlink -f "${1:?usage: packaging/check-deb-in-chroot.sh dist/celery-desktop_<version>_<arch>.deb}")"
root="$(mktemp -d /tmp/celery-desktop-chroot.XXXXXX)"
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$root"; }
trap cleanup EXIT
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
chroot "$root" sh -ec "
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$(basename "$deb") >/dev/null
  test -x /usr/bin/celery-desktop && test -f /usr/share/applications/celery-desktop.desktop
  HOME=\$(mktemp -d) LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen timeout 30 celery-desktop --self-test
  dpkg -L celery-desktop > /tmp/files.txt
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq celery-desktop >/dev/null
  left=0; while read f; do if [ -e \"\$f\" ] && [ ! -d \"\$f\" ]; then left=\$((left+1)); echo \"left behind: \$f\"; fi; done < /tmp/files.txt
  test \$left -eq 0
  ! dpkg -s celery-desktop >/dev/null 2>&1
"
echo "clean chroot: installed, self-test passed, removed without a trace"
