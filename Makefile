# Two commands for a newcomer: `make demo` and `make test`. Everything else is their plumbing.
VENV := .venv
BIN := $(VENV)/bin
DEMO_ADMIN_PASSWORD ?= admin123
# Django 6.1 needs Python 3.12+; look for one on PATH, then in pyenv's versions.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 \
	$$HOME/.pyenv/versions/3.12*/bin/python3; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; break; }; done)

.PHONY: install demo test lint clean release serve screenshots mutate

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (set PYTHON=...)"; exit 1; }
	"$(PYTHON)" -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# The demo declares itself (DJANGO_MODE=demo): the public development key, and it says so (README "Production").
demo: export DJANGO_MODE := demo
demo: install
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py load_tutorial --admin-password "$(DEMO_ADMIN_PASSWORD)"
	@echo "DEMO: the public development key, SQLite, runserver. Not for production: see the README's \"Production\"."
	@echo "Admin: http://127.0.0.1:8000/admin/  REST: http://127.0.0.1:8000/rest/default/V1/"
	$(BIN)/python manage.py runserver --nostatic 127.0.0.1:8000

test: install
	$(BIN)/pytest

# A 1440x900 PNG of every main admin page of the demo into screenshots/ (its own temporary database; offline).
screenshots: install
	$(BIN)/python -m tools.screenshots --out screenshots

# The production run (README "Production"): the environment supplies DJANGO_SECRET_KEY, DATABASE_URL, REDIS_URL...
# `release` is the deploy step (run it once per release); `serve` runs it, then gunicorn (gunicorn.conf.py).
release serve: export DJANGO_MODE ?= production
release: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0

serve: release
	exec $(BIN)/gunicorn --config gunicorn.conf.py

# Mutation testing of the domain modules (README "Mutation testing"): a release check, slow, not part of `make test`.
# mutmut is installed on demand so `make install` stays lean; the test database is a file that pytest-django's
# --reuse-db keeps between the mutants' runs (migrated once, at the first run). MUTANTS='name*' runs a subset
# (MUTANTS='sales.*__mutmut_*0': every 10th mutant).
MUTATION_DB := $(CURDIR)/mutants/test-db.sqlite3
# checkout/checkout.py is mutated whole (mutmut works per file); only place_order_from_cart's mutants are run.
MUTANTS ?= 'sales.invoicing.*' 'sales.increment_ids.*' 'sales.locks.*' 'sales.shipping.*' 'sales.placement.*' 'checkout.checkout.x_place_order_from_cart__*' \
	'sales.refunds.*' 'inventory.source_deduction.*' 'inventory.salable.*'
mutate: install
	$(BIN)/pip install --quiet --disable-pip-version-check mutmut==3.8.1
	mkdir -p mutants && rm -f $(MUTATION_DB)
	BACKOFFICE_TEST_DB_FILE=$(MUTATION_DB) nice -n 10 $(BIN)/mutmut run --max-children 1 $(MUTANTS)
	$(BIN)/python -m tools.mutation_score

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 mutants
