# The targets people expect. PY is the project's virtualenv; `make install` creates it.
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
N ?= 10000
SOAK_SECONDS ?= 300
export ARCHIVE_DATA_DIR ?= $(CURDIR)/var

.PHONY: install run serve samples browser-deps test lint format eval bench soak clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

samples: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages -v 0 --ignore=.venv
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py load_gazetteer
	$(PY) manage.py import_articles samples/ --no-progress
	$(PY) manage.py ensure_index

run: samples
	$(VENV)/bin/gunicorn newsarchive.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

serve: install
	$(VENV)/bin/gunicorn newsarchive.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

# The browser tests drive Debian's chromium (never a downloaded browser): install it when missing.
browser-deps:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium chromium-driver" >&2; exit 1; fi; }

test: install browser-deps
	$(PY) manage.py compilemessages -v 0 --ignore=.venv
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

eval: install
	$(PY) eval/run.py --shared $(SHARED)

bench: install
	$(PY) bench/run.py --shared $(SHARED) --n $(N)

# Five minutes of mixed load on gunicorn (loopback) while an import, a re-tag and admin edits run.
soak: install
	$(PY) manage.py compilemessages -v 0 --ignore=.venv
	$(PY) bench/soak.py --seconds $(SOAK_SECONDS)

clean:
	rm -rf var .pytest_cache
