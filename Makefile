# Two commands for a newcomer: `make demo` and `make test`. Everything else is their plumbing.
VENV := .venv
BIN := $(VENV)/bin
DEMO_ADMIN_PASSWORD ?= admin123
# Django 6.1 needs Python 3.12+; look for one on PATH, then in pyenv's versions.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 \
	$$HOME/.pyenv/versions/3.12*/bin/python3; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; break; }; done)

.PHONY: install demo test lint clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (set PYTHON=...)"; exit 1; }
	"$(PYTHON)" -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

demo: install
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py load_tutorial --admin-password "$(DEMO_ADMIN_PASSWORD)"
	@echo "Admin: http://127.0.0.1:8000/admin/  REST: http://127.0.0.1:8000/rest/default/V1/"
	$(BIN)/python manage.py runserver --insecure 127.0.0.1:8000

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3
