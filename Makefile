# One-command workflows. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test lint format migrate demo clean serve-production benchmark

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[production,test]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py ensure_roles -v0

demo: migrate
	$(BIN)/python manage.py load_demo_content

run: demo
	@echo ""
	@echo "  Site:   http://127.0.0.1:$(PORT)/"
	@echo "  Admin:  http://127.0.0.1:$(PORT)/admin/"
	@echo "  Demo logins (development only):"
	@echo "    editor    / editor-demo-pass     (Editors: drafts, uploads, agreement data)"
	@echo "    publisher / publisher-demo-pass  (Publishers: also publish and unpublish)"
	@echo "    admin     / admin-demo-pass      (superuser, for IT)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory checkers; \
	else echo "*** npm not found: the axe-core and Nu HTML checker tests will be SKIPPED ***"; fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# --- Security ---
# The checkers the accessibility and HTML tests run (axe-core, the Nu HTML checker), from the
# npm registry as pinned in package-lock.json. Needs Node and npm; the HTML checker needs Java.
.PHONY: checkers
checkers: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

# --- Production and caching ---
# The production stack on this machine: gunicorn + production settings on the local PostgreSQL
# and Redis. `make serve-production DEMO=1` loads the demo content first.
PROD_DB ?= carbonsite_production
PROD_ENV = DJANGO_SETTINGS_MODULE=carbonsite.settings.production \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-local-production-$$(hostname)-not-for-deployment-0123456789}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-false}" \
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$(PROD_DB)}" \
	REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" \
	GUNICORN_BIND="127.0.0.1:$(PORT)"

serve-production: install
	createdb -h 127.0.0.1 -U postgres $(PROD_DB) 2>/dev/null || true
	$(PROD_ENV) $(BIN)/python manage.py migrate --noinput
	$(PROD_ENV) $(BIN)/python manage.py ensure_roles -v0
	$(if $(DEMO),$(PROD_ENV) $(BIN)/python manage.py load_demo_content)
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@echo "  Production stack: http://127.0.0.1:$(PORT)/  (health: /healthz)"
	$(PROD_ENV) $(BIN)/gunicorn --config gunicorn.conf.py

benchmark: install
	$(BIN)/python benchmarks/run.py
