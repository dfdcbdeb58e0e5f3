# One-command workflows. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast lint format migrate demo clean serve-production benchmark benchmark-alerts assets

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[production,test]"
	touch $(STAMP)

install: $(STAMP) messages

# The Spanish catalogue of the site's own words, compiled with polib (no GNU gettext needed).
.PHONY: messages
messages: locale/es/LC_MESSAGES/django.mo

locale/es/LC_MESSAGES/django.mo: locale/es/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/python manage.py compile_catalogue $<

migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py ensure_roles -v0

demo: migrate
	$(BIN)/python manage.py load_demo_content

run: demo assets
	@echo ""
	@echo "  Site:   http://127.0.0.1:$(PORT)/"
	@echo "  Admin:  http://127.0.0.1:$(PORT)/admin/"
	@echo "  Demo logins (development only):"
	@echo "    editor    / editor-demo-pass     (Editors: drafts, uploads, agreement data)"
	@echo "    publisher / publisher-demo-pass  (Publishers: also publish and unpublish)"
	@echo "    officer   / officer-demo-pass    (Enquiry officers: read contact-page enquiries)"
	@echo "    admin     / admin-demo-pass      (superuser, for IT)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The site's CSS, script and fonts are built first (they need npm), with the checkers.
# Everything: browser journeys, the production stack (gunicorn, nginx, Redis, PostgreSQL), the
# Nu HTML checker. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: install checkers assets
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The quick tier for every change: tests on small factories only (not the demo site), no browser,
# no servers or subprocesses, no Java checker (markers demo, browser, slow, checker). Tables are
# made from the models (--nomigrations: the migrations cost most of a worker's start-up); the
# migrations themselves are checked by `make test` (marker migrations).
test-fast: install assets
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -q --nomigrations \
		-m "not browser and not slow and not checker and not demo and not migrations" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles build .pytest_cache .import_linter_cache

# --- Security ---
# The checkers the accessibility and HTML tests run (axe-core, the Nu HTML checker), from the
# npm registry as pinned in package-lock.json. Needs Node and npm; the HTML checker needs Java.
.PHONY: checkers
checkers: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "*** npm not found: install Node.js and npm (Debian: apt-get install nodejs npm); the site's CSS, script and fonts are built from npm packages ***"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund

# --- Front-end assets ---
# The site's CSS (SGDS parts, purged), the masthead script and Inter subset to Latin, built from
# the npm packages pinned in package-lock.json into build/static/ (git-ignored), which
# STATICFILES_DIRS serves. Rebuilt when a source or the lock file changes (PurgeCSS keeps only
# the rules the templates, forms and template tags of every app use).
ASSET_SOURCES := $(wildcard assets/*.mjs assets/js/*.js assets/scss/*.scss \
	templates/*.html templates/*/*.html templates/*/*/*.html \
	*/templates/*/*.html */templates/*/*/*.html */templates/*/*/*/*.html \
	editorial/richtext.py */forms.py */templatetags/*.py)
assets: build/static/.built

build/static/.built: node_modules/.package-lock.json $(ASSET_SOURCES)
	npm run --silent build
	touch $@

# Lighthouse (npm, pinned) with Debian's Chromium against a running site, e.g. after
# `make serve-production PORT=8123`: `make lighthouse URL=http://127.0.0.1:8123/implementation-agreements/peru/`.
URL ?= http://127.0.0.1:$(PORT)/implementation-agreements/peru/
.PHONY: lighthouse
lighthouse: node_modules/.package-lock.json
	CHROME_PATH=/usr/bin/chromium node_modules/.bin/lighthouse "$(URL)" --quiet \
		--chrome-flags="--headless --no-sandbox --disable-gpu" \
		--only-categories=performance,accessibility,best-practices,seo \
		--output=json --output-path=build/lighthouse.json
	node -e 'const r=JSON.parse(require("fs").readFileSync("build/lighthouse.json"));for(const c of Object.values(r.categories))console.log(c.title+": "+Math.round(c.score*100))'

# --- Production and caching ---
# The production stack on this machine: nginx (deploy/nginx/, TLS with a self-signed certificate,
# the front-door cache, which the app purges on 127.0.0.1:$(PURGE_PORT) after every change) on
# https://127.0.0.1:$(HTTPS_PORT)/ in front of gunicorn on $(PORT), with production settings on
# the local PostgreSQL and a Redis of its own (maxmemory 64 MB, LRU; deploy/redis/carbonsite.conf).
# `make serve-production DEMO=1` loads the demo content first.
PROD_DB ?= carbonsite_production
HTTPS_PORT ?= 8443
HTTP_PORT ?= 8080
REDIS_PORT ?= 6380
PURGE_PORT ?= 8081
FRONTDOOR_DIR := build/frontdoor
PROD_ENV = DJANGO_SETTINGS_MODULE=carbonsite.settings.production \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-local-production-$$(hostname)-not-for-deployment-0123456789}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-false}" \
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$(PROD_DB)}" \
	REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:$(REDIS_PORT)/0}" \
	FRONTDOOR_PURGE_URLS="$${FRONTDOOR_PURGE_URLS:-http://127.0.0.1:$(PURGE_PORT)/purge}" \
	GUNICORN_BIND="127.0.0.1:$(PORT)"

serve-production: install assets
	createdb -h 127.0.0.1 -U postgres $(PROD_DB) 2>/dev/null || true
	mkdir -p $(FRONTDOOR_DIR)/redis
	redis-server deploy/redis/carbonsite.conf --port $(REDIS_PORT) --dir $(CURDIR)/$(FRONTDOOR_DIR)/redis \
		--daemonize yes --pidfile $(CURDIR)/$(FRONTDOOR_DIR)/redis/redis.pid
	$(PROD_ENV) $(BIN)/python manage.py migrate --noinput
	$(PROD_ENV) $(BIN)/python manage.py ensure_roles -v0
	$(if $(DEMO),$(PROD_ENV) $(BIN)/python manage.py load_demo_content)
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python -m frontdoor.nginx $(FRONTDOOR_DIR)/nginx --upstream 127.0.0.1:$(PORT) \
		--http-port $(HTTP_PORT) --https-port $(HTTPS_PORT) --purge-port $(PURGE_PORT) \
		--static-root staticfiles --media-root media
	/usr/sbin/nginx -p $(CURDIR)/$(FRONTDOOR_DIR)/nginx -c $(CURDIR)/$(FRONTDOOR_DIR)/nginx/nginx.conf \
		-e $(CURDIR)/$(FRONTDOOR_DIR)/nginx/run/error.log
	@echo "  Production stack: https://127.0.0.1:$(HTTPS_PORT)/  (self-signed; health: /healthz)"
	@echo "  gunicorn alone:   http://127.0.0.1:$(PORT)/   Ctrl-C stops gunicorn, nginx, Redis, the alert sender and the text extractor"
	$(PROD_ENV) $(BIN)/python manage.py send_alerts --loop --interval 60 & sender=$$!; \
	$(PROD_ENV) $(BIN)/python manage.py extract_document_text --loop --interval 30 & extractor=$$!; \
	trap 'kill $$sender $$extractor $$(cat $(FRONTDOOR_DIR)/nginx/run/nginx.pid) $$(cat $(FRONTDOOR_DIR)/redis/redis.pid) 2>/dev/null' EXIT INT TERM; \
		$(PROD_ENV) $(BIN)/gunicorn --config gunicorn.conf.py

benchmark-alerts: install
	$(BIN)/python benchmarks/alerts.py

benchmark: install assets
	$(BIN)/python benchmarks/run.py
