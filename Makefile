# Set-up and everyday commands. Every target installs what it needs and is safe to re-run.
#   make demo    start the kiosk in demo mode (simulated devices, embedded court sandbox)
#   make test    run the whole test suite (lint, layer contracts, pytest)
#   make bench   run the benchmarks and print a table
#   make bundle  build the one-dir PyInstaller bundle in dist/kiosk
#   make screenshots  every screen as a PNG in screenshots/ (ARGS="--lang en" for English)

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
	fonts-noto-cjk xvfb xauth \
	cups cups-client printer-driver-cups-pdf \
	pcscd libpcsclite-dev swig pcsc-tools vsmartcard-vpcd vsmartcard-vpicc python3-virtualsmartcard \
	pulseaudio pulseaudio-utils \
	tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng espeak-ng sox

.PHONY: setup demo test bench bundle screenshots translations clean

setup: $(VENV)/.installed

$(STAMPS)/apt: Makefile
	@mkdir -p $(STAMPS)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages: $$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "run as root (or install: $$missing)"; exit 1; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@touch $@

$(VENV)/.installed: $(STAMPS)/apt pyproject.toml
	@test -x $(PY) || $(PYTHON_SYS) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]' --config-settings editable_mode=compat
	@touch $@

demo: setup
	@$(VENV)/bin/python -m kiosk.launch_demo $(ARGS)

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py $(ARGS)

bundle: setup
	$(VENV)/bin/pyinstaller --noconfirm --clean kiosk.spec

translations: setup
	$(VENV)/bin/pyside6-lupdate $$(git ls-files 'ui/*.py' 'ui/**/*.py') -ts assets/i18n/kiosk_zh_CN.ts -source-language en -target-language zh_CN -locations none -no-obsolete
	$(VENV)/bin/pyside6-lrelease assets/i18n/kiosk_zh_CN.ts -qm assets/i18n/kiosk_zh_CN.qm
	$(VENV)/bin/pyside6-lupdate ui/voice_phrases.py -ts assets/i18n/kiosk_ko.ts -source-language en -target-language ko -locations none -no-obsolete
	$(VENV)/bin/pyside6-lrelease assets/i18n/kiosk_ko.ts -qm assets/i18n/kiosk_ko.qm

clean:
	rm -rf build dist $(STAMPS) $(VENV)
