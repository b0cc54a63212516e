# The targets people expect. PY is the project's virtualenv; `make install` creates it.
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
N ?= 10000
ENGINE ?= whoosh
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
	$(PY) bench/run.py --shared $(SHARED) --n $(N) --engine $(ENGINE)

# SolrCloud on this machine: 2 Solr nodes + embedded ZooKeeper in one JVM (solr/SolrRunner), built by
# Maven from Maven Central, then the configset and a 2 shards x 2 replicas collection. Bounded waits.
solr: install
	solr/cluster.sh start
	$(PY) manage.py solr_setup --url $(ARCHIVE_SOLR_URL) --collection $(ARCHIVE_SOLR_COLLECTION) --shards 2 --replicas 2 --timeout 120
	@echo "SolrCloud: $(ARCHIVE_SOLR_URL) (collection $(ARCHIVE_SOLR_COLLECTION)); 'make solr-stop' stops it"

solr-stop:
	solr/cluster.sh stop

# Tests against the running cluster (started if needed; left running: `make solr-stop`): the cluster
# and parity tests, then the search, page, API, export and timeline tests again with the archive on
# SolrCloud (a collection of the run's own, knowing both nodes; tests/solr_session.py), outages included.
space := $(subst ,, )
SOLR_NODE_URLS := $(subst $(space),$(comma),$(foreach port,$(subst $(comma), ,$(SOLR_PORTS)),http://127.0.0.1:$(port)/solr))
SOLR_SUITE ?= tests/on_solr tests/test_search.py tests/test_search_dates.py tests/test_search_filters.py \
	tests/test_search_names.py tests/test_pages.py tests/test_page_details.py tests/test_exports.py \
	tests/test_timeline.py tests/test_language.py tests/test_curation.py tests/test_feeds.py \
	tests/test_degraded.py tests/test_query_limits.py tests/test_result_markup.py tests/api
test-solr: solr
	$(PY) manage.py compilemessages -v 0 --ignore=.venv
	$(PY) -m pytest -q tests/solr
	ARCHIVE_SEARCH_ENGINE=solr ARCHIVE_SOLR_URL=$(SOLR_NODE_URLS) $(PY) -m pytest -q $(SOLR_SUITE)

# Five minutes of mixed load on gunicorn (loopback) while an import, a re-tag and admin edits run.
soak: install
	$(PY) manage.py compilemessages -v 0 --ignore=.venv
	$(PY) bench/soak.py --seconds $(SOAK_SECONDS)

clean:
	rm -rf var .pytest_cache
