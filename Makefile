# Bootstraps .venv from the pinned requirements, then hands over to invoke (tasks.py).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve build install test test-fast clean bench system-tools editor

serve: $(VENV)/.runtime
	$(BIN)/invoke serve

build: $(VENV)/.runtime
	$(BIN)/invoke build

# Only the runtime (.venv and the editor's npm packages): what a publishing pipeline or the
# server's hook (invoke install-hook) needs before `invoke check` and `invoke publish`.
install: $(VENV)/.runtime

# The web editor at http://localhost:8000/admin/ with its local proxy (plugins/newsroom/editor_proxy.py).
editor: $(VENV)/.runtime
	$(BIN)/invoke editor

# ruff, then every test (pytest settings and markers in pyproject.toml).
test: $(VENV)/.test system-tools
	$(BIN)/invoke test

# The edit-test loop: ruff, then the tests marked neither `browser` nor `slow`.
test-fast: $(VENV)/.test system-tools
	$(BIN)/invoke test --fast

bench: $(VENV)/.test
	$(BIN)/invoke bench

# Browser tests drive the system's Chromium; the HTML checker runs on Java; the publish
# tests send to a local folder with rsync.
# Installed with apt-get when missing (CI and developers' machines run as root).
system-tools:
	@command -v chromium >/dev/null 2>&1 && command -v java >/dev/null 2>&1 && command -v rsync >/dev/null 2>&1 || { \
	  echo "Memasang Chromium, Java dan rsync untuk pengujian..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless rsync >/dev/null; }

# Only what the site put in output/ (its marker says what); see invoke clean.
clean:
	@if [ -x $(BIN)/invoke ]; then $(BIN)/invoke clean; \
	elif [ -e output ] && [ ! -f output/.situs-kabar-inovasi ]; then \
	  echo "output/: galat TRB002: folder ini tidak dibuat oleh situs ini; periksa dan hapus sendiri"; exit 1; \
	else rm -rf output; fi
	rm -rf output.baru output.lama

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The runtime also needs the npm "dependencies" (not the dev tools): decap-cms, whose prebuilt
# bundle the admin plugin copies into output/admin/ (the web editor's proxy is Python), and
# Workbox's prebuilt modules the offline plugin copies for the service worker.
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
