# Bootstraps .venv from the pinned requirements, then hands over to invoke (tasks.py).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve build test clean bench

serve: $(VENV)/.runtime
	$(BIN)/invoke serve

build: $(VENV)/.runtime
	$(BIN)/invoke build

test: $(VENV)/.test
	$(BIN)/invoke test

bench: $(VENV)/.test
	$(BIN)/invoke bench

clean:
	rm -rf output output.baru output.lama

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $(VENV)/.runtime $@
