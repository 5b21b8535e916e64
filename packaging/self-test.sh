#!/bin/sh
# Run a built bundle's --self-test the way a new user's machine would: no venv on PATH, a fresh
# HOME, offscreen; it starts the embedded demo (Redis + a worker, from the bundle) and expects
# tasks.add(2, 2) -> SUCCESS 4 within 30 s.
set -eu
binary="${1:?usage: packaging/self-test.sh path/to/celery-desktop}"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
started=$(date +%s)
env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen timeout 30 "$binary" --self-test
echo "bundled self-test passed in $(( $(date +%s) - started )) s"
