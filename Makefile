# Celery Desktop — set-up, demo and tests. Needs only Python 3.11+ (and make).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup system-deps clean package package-check

## demo: set up, then open the console on a private Redis server and a demo worker
demo: $(STAMP)
	@$(BIN)/python -m desktop.core.platform_check --install --quiet
	$(BIN)/celery-desktop --demo

## test: set up, then run the whole test suite
test: $(STAMP)
	@$(BIN)/python -m desktop.core.platform_check --install --xvfb --quiet || echo "(tests that need a real X display will be skipped)"
	$(BIN)/python -m pytest

## setup: create $(VENV) and install the project with its test tools
setup: $(STAMP)

$(STAMP): pyproject.toml
	@sh tools/bootstrap-venv.sh "$(PYTHON)" "$(VENV)"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## package: build the one-dir bundle (dist/celery-desktop) and the .deb, and run their self-tests
package: $(STAMP)
	$(BIN)/python -m pip install --quiet "pyinstaller>=6.10"
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/celery-desktop.spec
	sh packaging/self-test.sh dist/celery-desktop/celery-desktop
	@du -sh dist/celery-desktop
	$(BIN)/python packaging/build_deb.py

## package-check: install the .deb in a clean Debian 12 chroot, run its self-test there, remove it (root)
package-check: package
	sh packaging/check-deb-in-chroot.sh $$(ls -t dist/celery-desktop_*.deb | head -1)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
