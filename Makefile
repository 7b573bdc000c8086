# The two commands the README opens with: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
BUNDLE_STAMP := $(VENV)/.installed-bundle
DEMO_CLIENTS ?= 2000
# Where `make install-desktop` puts the menu entry and icons, and the program the entry starts.
XDG_DATA_HOME ?= $(HOME)/.local/share
CONSULT_BIN ?= $(CURDIR)/dist/consult-app/consult-app
ICON_SIZES := 16 24 32 48 64 128 256 512

.PHONY: run test lint bench bench-chain screenshots document-images readme-images bundle install-desktop clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment. On Debian or Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[postgres]'
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[postgres,test]'
	@touch $@ $(STAMP)

$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet 'pyinstaller>=6.10,<7'
	@touch $@

run: $(STAMP)
	$(BIN)/consult-app demo --if-empty --clients $(DEMO_CLIENTS)
	$(BIN)/consult-app

test: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/ruff check consult_app tests bench db
	$(BIN)/mypy

lint: $(TEST_STAMP)
	$(BIN)/ruff check consult_app tests bench db
	$(BIN)/ruff format --check consult_app tests bench db

document-images: $(TEST_STAMP)
	$(BIN)/python -m tests.document_images document-images

# The README's pictures of one page of each document (resources/readme/document-*.png).
readme-images: $(TEST_STAMP)
	$(BIN)/python -m tests.document_images document-images --readme

screenshots: $(TEST_STAMP)
	xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python -m tests.screenshots screenshots

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

# A chain of 20 clinics sharing 1,000,000 clients on the PostgreSQL server CONSULT_TEST_PG_URL.
bench-chain: $(TEST_STAMP)
	$(BIN)/python -m bench --chain 20

# The desktop bundle for clinics: dist/consult-app/, started by dist/consult-app/consult-app.
bundle: $(BUNDLE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec
	@du -sh dist/consult-app

# The menu entry and icons for the current user; the entry starts $(CONSULT_BIN).
install-desktop:
	@test -x "$(CONSULT_BIN)" || { echo "No program at $(CONSULT_BIN): run 'make bundle' first, or give CONSULT_BIN=/path/to/consult-app"; exit 1; }
	for size in $(ICON_SIZES); do \
	    install -D -m 644 resources/icons/consult-$$size.png \
	        "$(XDG_DATA_HOME)/icons/hicolor/$${size}x$${size}/apps/consult.png" || exit 1; \
	done
	install -D -m 644 resources/icons/consult.svg "$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/consult.svg"
	mkdir -p "$(XDG_DATA_HOME)/applications"
	sed 's|^Exec=.*|Exec="$(CONSULT_BIN)"|' resources/desktop/consult.desktop \
	    > "$(XDG_DATA_HOME)/applications/consult.desktop"
	@if command -v update-desktop-database >/dev/null; then \
	    update-desktop-database -q "$(XDG_DATA_HOME)/applications"; fi
	@# Refresh an icon cache that is already there; a missing one is not needed.
	@if [ -f "$(XDG_DATA_HOME)/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then \
	    gtk-update-icon-cache -q -t "$(XDG_DATA_HOME)/icons/hicolor"; fi
	@echo "Installed Consult's menu entry, starting $(CONSULT_BIN)"

clean:
	rm -rf $(VENV) build dist *.egg-info
