#!/bin/sh
# lintian on the .deb (no error allowed; warnings are printed) and AppStream's validator on its metainfo.
# Installs lintian and appstream with apt-get when run as root and they are missing.
set -eu
deb="$(readlink -f "${1:?usage: packaging/check_deb_lint.sh dist/celery-desktop_<version>_<arch>.deb}")"
need=""
command -v lintian >/dev/null || need="$need lintian"
command -v appstreamcli >/dev/null || need="$need appstream"
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null; }
  else
    echo "needs$need: sudo apt-get install -y$need" >&2
    exit 1
  fi
fi
root="$(mktemp -d /tmp/celery-desktop-lint.XXXXXX)"
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
for metainfo in "$root"/usr/share/metainfo/*.metainfo.xml; do
  appstreamcli validate --no-net "$metainfo"
done
# --fail-on error: warnings are shown, not fatal (lintian only remarks that it runs as root)
status=0
lintian --fail-on error --tag-display-limit 0 "$deb" >"$root/lintian.txt" 2>&1 || status=$?
grep -v "running with root privileges" "$root/lintian.txt" || true
if [ "$status" -ne 0 ]; then
  echo "lintian found errors in $(basename "$deb")" >&2
  exit 1
fi
echo "lintian: no errors in $(basename "$deb")"
