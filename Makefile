# Smart Brain: `make run` starts the demo, `make test` runs every test, `make bench` measures.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test bench install browser lint clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(VENV)/bin/python pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium and CJK fonts for browser tests and screenshots; never a downloaded browser.
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list | grep -qi "Noto Sans CJK" || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; fi; }

run: install
	$(VENV)/bin/smartbrain demo --host $(HOST) --port $(PORT)

test: install browser
	$(PY) -m pytest -q

bench: install browser
	$(PY) -m bench

clean:
	rm -rf $(VENV) var/*.db* .pytest_cache
