# The two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
DEV := DJANGO_DEBUG=1

.PHONY: run test system-deps lint bench

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

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/xenon --max-absolute B humanitarian/rules

bench: $(VENV)/.installed
	$(PY) bench/run.py
