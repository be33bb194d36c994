# Set-up and everyday commands. Every target installs what it needs and is safe to re-run.
#   make demo    start the kiosk in demo mode (simulated devices, embedded court sandbox)
#   make test    run the whole test suite (lint, layer contracts, pytest)
#   make test-fast  lint and the fast tests (no real stacks, kills or whole-app tests): under a minute
#   make bench   run the benchmarks and print a table
#   make bundle  build the one-dir PyInstaller bundle in dist/kiosk
#   make screenshots  every screen as a PNG in screenshots/ (ARGS="--lang en" for English)
#   make lock    refresh the locks in requirements/ (UPGRADE="numpy" upgrades one package)
#
# Python packages come only from the locks in requirements/ (pip-tools, every version pinned
# with its hashes): runtime.txt is a production install, bundle.txt adds PyInstaller, dev.txt
# (what .venv gets) adds the test and lock tools. pyproject.toml keeps the ranges. nodeps.txt
# (hashed, by hand) holds packages installed without their declared dependencies.

SHELL := /bin/bash
PYTHON_SYS ?= /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .stamps

APT_PACKAGES := python3 python3-venv python3-dev gcc binutils \
	libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
	libxcb-cursor0 libxcb-icccm4 libxcb-util1 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
	libxcb-render0 libxcb-shape0 libxcb-xkb1 libxcb-randr0 libxcb-xfixes0 libxcb-shm0 libxcb-sync1 \
	libxcb-xinerama0 libx11-xcb1 libusb-1.0-0 libpulse0 \
	fonts-noto-cjk fonts-wqy-zenhei fonts-arphic-ukai fonts-arphic-uming xvfb xauth \
	cups cups-client printer-driver-cups-pdf \
	pcscd libpcsclite-dev swig pcsc-tools vsmartcard-vpcd vsmartcard-vpicc python3-virtualsmartcard \
	pulseaudio pulseaudio-utils speech-dispatcher speech-dispatcher-espeak-ng libspeechd2 \
	tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng espeak-ng sox \
	chromium chromium-driver \
	$(shell sed 's/\#.*//' deploy/apt-packages.txt)  # a kiosk's own (cage, xwayland, ...): deploy/install-kiosk.sh

PIP_COMPILE = $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --all-build-deps $(foreach p,$(UPGRADE),--upgrade-package $(p))

.PHONY: setup demo test test-fast bench bundle screenshots translations clean lock

setup: $(VENV)/.installed

$(STAMPS)/apt: Makefile deploy/apt-packages.txt
	@mkdir -p $(STAMPS)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages: $$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "run as root (or install: $$missing)"; exit 1; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@touch $@

# A lock that changed gets a new .venv: exactly the lock, nothing left over from the last one.
# First the locked pip, setuptools and wheel, then everything with them (an sdist is built by
# the locked setuptools, not by whatever the index has that day).
BUILD_TOOLS := pip setuptools wheel
define install_lock
	rm -rf $(1)
	$(PYTHON_SYS) -m venv $(1)
	awk 'BEGIN { split("$(BUILD_TOOLS)", t, " "); for (i in t) want[t[i] "=="] = 1 } \
	     match($$0, /^[a-z]+==/) && (substr($$0, 1, RLENGTH) in want) { p = 1 } \
	     p { print; if ($$0 !~ /\\$$/) p = 0 }' $(2) > $(1)/build-tools.txt
	$(1)/bin/python -m pip install -q --require-hashes --no-deps -r $(1)/build-tools.txt
	$(1)/bin/python -m pip install -q --require-hashes --no-build-isolation -r $(2)
	$(1)/bin/python -m pip install -q --require-hashes --no-deps -r requirements/nodeps.txt
endef

$(VENV)/.locked: requirements/dev.txt requirements/nodeps.txt | $(STAMPS)/apt
	$(call install_lock,$(VENV),requirements/dev.txt)
	@touch $@

$(VENV)/.installed: $(VENV)/.locked pyproject.toml
	$(PY) -m pip install -q --no-deps --no-build-isolation -e . --config-settings editable_mode=compat
	@touch $@

# The bundle is built from the runtime set and PyInstaller only (requirements/bundle.txt).
BUNDLE_VENV := .venv-bundle
$(BUNDLE_VENV)/.installed: requirements/bundle.txt requirements/nodeps.txt pyproject.toml | $(STAMPS)/apt
	$(call install_lock,$(BUNDLE_VENV),requirements/bundle.txt)
	$(BUNDLE_VENV)/bin/python -m pip install -q --no-deps --no-build-isolation .
	@touch $@

demo: setup
	@$(VENV)/bin/python -m kiosk.launch_demo $(ARGS)

test: setup
	@$(PY) -m tests.environment
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	@# Every whole-app test leaves a few MB behind in its process (services, sandbox, caches): the
	@# suite runs in three processes (the rest, then the UI tests in two halves) so none grows
	@# towards the machine's memory. PYTEST_ARGS runs just what it names, in one process. The rest runs
	@# on both cores (pytest-xdist, each file's tests on one worker: 7.6 min against 12.5 in one
	@# process); the UI tests, whose GUI-stall checks want a quiet machine, one at a time.
	@export COURT_KIOSK_ENVIRONMENT_SHOWN=1 QT_QPA_PLATFORM=offscreen; \
	if [ -n "$(PYTEST_ARGS)" ]; then $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS); exit $$?; fi; \
	ui=$$(ls tests/ui/test_*.py | sort); half=$$(( $$(echo "$$ui" | wc -l) / 2 )); \
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile --ignore=tests/ui tests && \
	$(PY) -m pytest -q -p no:cacheprovider $$(echo "$$ui" | head -n $$half) && \
	$(PY) -m pytest -q -p no:cacheprovider $$(echo "$$ui" | tail -n +$$(( half + 1 )))

# The fast set (no real stacks, kills or whole-app tests): under a minute, for every edit, on both
# cores (pytest-xdist: ~45 s against ~70 s in one process on the 2-core reference machine).
test-fast: setup
	$(VENV)/bin/ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -m "not slow" -n 2 $(PYTEST_ARGS)

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py $(ARGS)
	for s in scripts/records/*.py scripts/guidance/*.py scripts/green/*.py scripts/production/*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$s $(ARGS) || exit 1; done

bundle: $(BUNDLE_VENV)/.installed
	$(BUNDLE_VENV)/bin/pyinstaller --noconfirm --clean kiosk.spec

# Refresh the locks from pyproject.toml (pins that still fit are kept; UPGRADE="a b" moves those
# packages to their newest fitting release) and record the Debian versions of this machine.
# Then run `make test` (it rebuilds .venv from the new lock) before committing requirements/.
lock: setup
	$(PIP_COMPILE) -o requirements/runtime.txt pyproject.toml
	$(PIP_COMPILE) --extra bundle -c requirements/runtime.txt -o requirements/bundle.txt pyproject.toml
	$(PIP_COMPILE) --extra dev -c requirements/runtime.txt -o requirements/dev.txt pyproject.toml
	$(PY) -m tests.environment --record-debian $(APT_PACKAGES)

# Chinese: every UI text and every service's menu title and voice phrases (kiosk/services/*.py);
# Korean: the services' titles and voice phrases (the Korean-language courts' voice commands).
translations: setup
	$(VENV)/bin/pyside6-lupdate $$(find ui kiosk/services -name '*.py' | sort) -ts assets/i18n/kiosk_zh_CN.ts -source-language en -target-language zh_CN -locations none -no-obsolete
	$(VENV)/bin/pyside6-lrelease assets/i18n/kiosk_zh_CN.ts -qm assets/i18n/kiosk_zh_CN.qm
	$(VENV)/bin/pyside6-lupdate $$(find kiosk/services -name '*.py' | sort) -ts assets/i18n/kiosk_ko.ts -source-language en -target-language ko -locations none -no-obsolete
	$(VENV)/bin/pyside6-lrelease assets/i18n/kiosk_ko.ts -qm assets/i18n/kiosk_ko.qm

clean:
	rm -rf build dist $(STAMPS) $(VENV) $(BUNDLE_VENV)
