# The two commands the README opens with: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DEMO_CLIENTS ?= 2000

.PHONY: run test lint bench screenshots document-images clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment. On Debian or Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[postgres]'
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[postgres,test]'
	@touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/consult-app demo --if-empty --clients $(DEMO_CLIENTS)
	$(BIN)/consult-app

test: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/ruff check consult_app tests bench db

lint: $(TEST_STAMP)
	$(BIN)/ruff check consult_app tests bench db
	$(BIN)/ruff format --check consult_app tests bench db

document-images: $(TEST_STAMP)
	$(BIN)/python -m tests.document_images document-images

screenshots: $(TEST_STAMP)
	xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python -m tests.screenshots screenshots

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info
