# The targets people expect. PY is the project's virtualenv; `make install` creates it.
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
N ?= 10000
SOAK_SECONDS ?= 300
export ARCHIVE_DATA_DIR ?= $(CURDIR)/var
comma := ,
# The local SolrCloud (make solr): node ports, ZooKeeper, the launcher's control port, JVM heap.
export SOLR_PORTS ?= 8983,8984
export SOLR_ZK_PORT ?= 9983
export SOLR_CONTROL_PORT ?= 8989
export SOLR_HEAP ?= 1g
export ARCHIVE_SOLR_URL ?= http://127.0.0.1:$(firstword $(subst $(comma), ,$(SOLR_PORTS)))/solr
export ARCHIVE_SOLR_COLLECTION ?= archive


.PHONY: install run serve samples browser-deps test lint format eval bench soak clean solr solr-stop test-solr

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

# Two workers of four threads each: gunicorn.conf.py.
run: samples
	$(VENV)/bin/gunicorn newsarchive.wsgi --bind 127.0.0.1:$(PORT) --access-logfile -

serve: install
	$(VENV)/bin/gunicorn newsarchive.wsgi --bind 127.0.0.1:$(PORT) --access-logfile -

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

# SolrCloud on this machine: 2 Solr nodes + embedded ZooKeeper in one JVM (solr/SolrRunner), built by
# Maven from Maven Central, then the configset and a 2 shards x 2 replicas collection. Bounded waits.
solr: install
	solr/cluster.sh start
	$(PY) manage.py solr_setup --url $(ARCHIVE_SOLR_URL) --collection $(ARCHIVE_SOLR_COLLECTION) --shards 2 --replicas 2 --timeout 120
	@echo "SolrCloud: $(ARCHIVE_SOLR_URL) (collection $(ARCHIVE_SOLR_COLLECTION)); 'make solr-stop' stops it"

solr-stop:
	solr/cluster.sh stop

# Tests against the running cluster (started if needed; left running: `make solr-stop`).
test-solr: solr
	$(PY) -m pytest -q tests/solr

# Five minutes of mixed load on gunicorn (loopback) while an import, a re-tag and admin edits run.
soak: install
	$(PY) manage.py compilemessages -v 0 --ignore=.venv
	$(PY) bench/soak.py --seconds $(SOAK_SECONDS)

clean:
	rm -rf var .pytest_cache
