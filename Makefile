# The two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
DEV := DJANGO_DEBUG=1

.PHONY: run test test-fast system-deps lint bench mutation

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

system-deps:
	./scripts/system-deps

run: $(VENV)/.installed system-deps
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_demo
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed system-deps
	$(PY) -m pytest

# The pure-Python tier for the inner loop: engine, loader, evidence and every scenario (about 10 seconds).
FAST := licenses/scenarios tests/test_engine.py tests/test_engine_open_prohibitions.py tests/test_loader.py \
	tests/test_evidence.py tests/test_catalogue_coverage.py tests/test_scenario_runner.py

test-fast: $(VENV)/.installed
	$(PY) -m pytest -q $(FAST)

# Break the engine on purpose in small ways and report how many the fast tier catches.
mutation: $(VENV)/.installed
	$(PY) scripts/mutation-check

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/xenon --max-absolute B humanitarian/rules

bench: $(VENV)/.installed
	$(PY) bench/run.py
