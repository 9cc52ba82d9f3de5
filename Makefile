# Two entry points (see README): `make run` and `make test`. Both build .venv first.
PY ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test clean install-desktop bundle

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m gui

test: $(STAMP)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(BIN)/python -m pytest -q

# A per-user menu entry (freedesktop): the .desktop file and the icon sizes, no root needed.
DATA_HOME ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)
install-desktop: $(STAMP)
	mkdir -p $(DATA_HOME)/applications
	sed 's|^Exec=sagewise|Exec=$(abspath $(BIN))/sagewise|' resources/desktop/sagewise.desktop \
		> $(DATA_HOME)/applications/sagewise.desktop
	for n in 16 24 32 48 64 128 256; do \
		mkdir -p $(DATA_HOME)/icons/hicolor/$${n}x$${n}/apps; \
		cp resources/desktop/sagewise-$$n.png $(DATA_HOME)/icons/hicolor/$${n}x$${n}/apps/sagewise.png; \
	done
	mkdir -p $(DATA_HOME)/icons/hicolor/scalable/apps
	cp resources/desktop/sagewise.svg $(DATA_HOME)/icons/hicolor/scalable/apps/sagewise.svg
	@echo "Installed the SageWise menu entry in $(DATA_HOME)/applications"

# A one-folder app that runs without Python (PyInstaller), built from the wheel in its own
# environment so it holds exactly what an installed copy holds; then smoke-tested.
BUNDLE_VENV := .venv-bundle
bundle: $(STAMP)
	rm -rf build/wheel
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w build/wheel .
	test -d $(BUNDLE_VENV) || $(PY) -m venv $(BUNDLE_VENV)
	$(BUNDLE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BUNDLE_VENV)/bin/python -m pip install --quiet --force-reinstall "$$(ls build/wheel/sagewise-*.whl)[build]"
	cd packaging && ../$(BUNDLE_VENV)/bin/pyinstaller --noconfirm --log-level WARN \
		--distpath ../dist --workpath ../build/pyinstaller sagewise.spec
	bash scripts/smoke_bundle.sh dist/sagewise

clean:
	rm -rf $(VENV) $(BUNDLE_VENV) build dist *.egg-info
