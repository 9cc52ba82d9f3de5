# Two entry points (see README): `make run` and `make test`. Both build .venv first.
PY ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test clean install-desktop

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

clean:
	rm -rf $(VENV) build *.egg-info
