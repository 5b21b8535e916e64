#!/bin/sh
# Create a virtual environment with PYTHON (3.11+). Debian/Ubuntu ship venv
# support as a separate package; install it when we can, or say which.
set -eu
PYTHON=${1:-python3}
VENV=${2:-.venv}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "Python 3.11+ is required: '$PYTHON' was not found (set PYTHON=/path/to/python3.11)" >&2
    exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Python 3.11+ is required; $PYTHON is $("$PYTHON" -V 2>&1) (set PYTHON=/path/to/python3.11)" >&2
    exit 1
fi
if [ -x "$VENV/bin/python" ]; then
    exit 0
fi
if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    pkg="python3-venv"
    ver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "Installing $pkg (python$ver-venv) so Python can create virtual environments"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "python$ver-venv" || \
            { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "python$ver-venv"; }
        "$PYTHON" -m venv "$VENV"
    else
        echo "Python cannot create a virtual environment. Install venv support with:" >&2
        echo "    sudo apt-get install -y python$ver-venv" >&2
        exit 1
    fi
fi
