# kitgen: `make demo` sets everything up and builds the sample kits; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test validate bench schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)
	scripts/setup-system.sh run

demo: setup
	$(BIN)/kitgen validate
	$(BIN)/kitgen build
	@echo "Outputs are in build/<kit>/"

test: $(STAMP)
	scripts/setup-system.sh test
	$(BIN)/python -m pytest -q -n 2

validate: $(STAMP)
	$(BIN)/kitgen validate

bench: $(STAMP)
	scripts/setup-system.sh test
	$(BIN)/python bench/bench.py

schemas: $(STAMP)
	$(BIN)/kitgen schema --out schemas

clean:
	rm -rf build .pytest_cache
