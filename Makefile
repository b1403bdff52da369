# Bootstraps .venv from the pinned requirements, then hands over to invoke (tasks.py).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve build test clean bench system-tools editor

serve: $(VENV)/.runtime
	$(BIN)/invoke serve

build: $(VENV)/.runtime
	$(BIN)/invoke build

# The web editor at http://localhost:8000/admin/ with its local proxy (decap-server).
editor: $(VENV)/.runtime
	$(BIN)/invoke editor

test: $(VENV)/.test system-tools
	$(BIN)/invoke test

bench: $(VENV)/.test
	$(BIN)/invoke bench

# Browser tests drive the system's Chromium; the HTML checker runs on Java.
# Installed with apt-get when missing (CI and developers' machines run as root).
system-tools:
	@command -v chromium >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || { \
	  echo "Memasang Chromium dan Java untuk pengujian..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless >/dev/null; }

clean:
	rm -rf output output.baru output.lama

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The runtime also needs the npm "dependencies" (not the dev tools): decap-cms, whose prebuilt
# bundle the admin plugin copies into output/admin/, and decap-server for `make editor`.
$(VENV)/.runtime: requirements.txt package-lock.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	touch $@

# All npm packages: the runtime ones and the quality tools (axe-core for the accessibility gate,
# lighthouse for bench).
$(VENV)/.test: requirements.txt requirements-test.txt package-lock.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $(VENV)/.runtime $@
