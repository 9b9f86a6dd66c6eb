"""Settings: secrets only from the environment, DEBUG off by default, security headers always, and with the
production switch (DJANGO_SECURE=true) HTTPS-only cookies, HSTS and a clean `manage.py check --deploy`.
Outside the demo (DJANGO_MODE=demo, set by `make demo`) and the tests (DJANGO_MODE=test, set by pytest.ini) the
app refuses to start on the public development key, and DEBUG never runs in secure mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_MODE": "production",
    "DJANGO_SECRET_KEY": "k3y-" + "x9Qz7!pL2#vR8@wM4$tN6%bH1^cJ5&dF0*gS3(eA" * 2,
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "example.com",
    "DJANGO_SECURE": "true",
    "DJANGO_EMAIL_HOST": "smtp.example.com",  # Django 6.1's check --deploy refuses the console mailer
}
DEVELOPMENT_KEY = "dev-only-not-secret"
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({name: "
    "getattr(s, name, None) for name in ['DEBUG', 'SECRET_KEY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'ALLOWED_HOSTS']}))"
)


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run python with a clean Django environment plus ``env`` (no inherited DJANGO_* or DATABASE_URL)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**base, "DJANGO_SETTINGS_MODULE": "backoffice.settings", **env},
    )


def settings_under(**env: str) -> dict:
    result = run(["-c", PRINT_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refusal(**env: str) -> str:
    """The error that stops Django's setup under ``env``: the last line of the traceback."""
    result = run(["-c", "import django; django.setup()"], **env)

    assert result.returncode != 0, "the settings started"
    return result.stderr.strip().splitlines()[-1]


def test_check_deploy_is_clean_with_the_production_switch_on():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_complains_without_the_production_switch():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 **{**PRODUCTION, "DJANGO_SECURE": "false"})

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr + result.stdout


def test_the_production_switch_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION.items() if key != "DJANGO_SECRET_KEY"}

    result = run(["-c", "import django; django.setup()"], **env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_SECURE is on." in result.stderr


NO_KEY = "DJANGO_SECRET_KEY must be set to a secret of your own: the development key is public. " \
    "For the demo, set DJANGO_MODE=demo (make demo does)."


def test_outside_the_demo_and_the_tests_the_app_refuses_to_start_without_a_secret_key():
    assert refusal() == f"django.core.exceptions.ImproperlyConfigured: {NO_KEY}"
    assert refusal(DJANGO_MODE="production") == f"django.core.exceptions.ImproperlyConfigured: {NO_KEY}"


def test_outside_the_demo_and_the_tests_the_app_refuses_the_public_development_key():
    assert refusal(DJANGO_SECRET_KEY=DEVELOPMENT_KEY) == f"django.core.exceptions.ImproperlyConfigured: {NO_KEY}"
    assert refusal(**{**PRODUCTION, "DJANGO_SECRET_KEY": DEVELOPMENT_KEY}) == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY must be set when DJANGO_SECURE is on.")


@pytest.mark.parametrize("mode", ["production", "demo", "test"])
def test_secure_mode_refuses_to_start_with_debug_on(mode):
    assert refusal(**{**PRODUCTION, "DJANGO_DEBUG": "true", "DJANGO_MODE": mode}) == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_DEBUG must be off when DJANGO_SECURE is on "
        "(DEBUG shows settings and stack traces to anyone).")


def test_an_unknown_mode_is_refused():
    assert refusal(DJANGO_MODE="prod") == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_MODE must be one of production, demo, test "
        "(got 'prod').")


def test_the_demo_runs_on_the_development_key_and_says_so_at_start():
    result = run(["manage.py", "check"], DJANGO_MODE="demo")

    assert result.returncode == 0, result.stderr
    assert "(backoffice.W001) DEMO: this is the demo (DJANGO_MODE=demo), on the public development secret key. " \
        "Never expose it; for production see the README's \"Production\"." in result.stderr
    assert settings_under(DJANGO_MODE="demo")["SECRET_KEY"] == DEVELOPMENT_KEY


def test_production_says_nothing_of_a_demo():
    result = run(["manage.py", "check"], DJANGO_MODE="production", DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"])

    assert result.returncode == 0, result.stderr
    assert "DEMO" not in result.stdout + result.stderr


def test_manage_py_without_a_mode_is_the_demo_and_says_so_but_production_refuses_the_development_key():
    """manage.py is the developer's tool (makemigrations, shell, check): it runs as the demo unless told otherwise,
    loudly; the server's entry point (wsgi.py, test_deploy.py) and `make release` default to production."""
    result = run(["manage.py", "check"])

    assert result.returncode == 0, result.stderr
    assert "(backoffice.W001) DEMO" in result.stderr
    production = run(["manage.py", "check"], DJANGO_MODE="production")
    assert production.returncode != 0
    assert NO_KEY in production.stderr


def test_the_tests_declare_themselves_in_pytest_ini(settings):
    assert os.environ["DJANGO_MODE"] == settings.MODE == "test"
    assert settings.SECRET_KEY == DEVELOPMENT_KEY


def test_the_secret_key_comes_from_the_environment():
    assert settings_under(**PRODUCTION)["SECRET_KEY"] == PRODUCTION["DJANGO_SECRET_KEY"]


def test_debug_is_off_by_default():
    assert settings_under(DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"])["DEBUG"] is False


def test_the_production_switch_turns_on_https_only_cookies_and_hsts():
    values = settings_under(**PRODUCTION)

    assert values == values | {
        "DEBUG": False, "SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
        "ALLOWED_HOSTS": ["example.com"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/rest/V1/orders?searchCriteria[pageSize]=1", "/rest/schema", "/admin/login/"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


DATABASE_OPTIONS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"
)


@pytest.mark.parametrize("value", ["fast", "nan", "inf", "-1", "1,1"])
def test_a_bad_random_page_cost_stops_the_start_with_its_name(value):
    """POSTGRES_RANDOM_PAGE_COST (README "Settings") outside PostgreSQL's range (0 up, finite) would have failed
    every connection later (PostgreSQL refuses the option) or the start with a bare ValueError."""
    env = {"DJANGO_MODE": "demo", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/backoffice",
           "POSTGRES_RANDOM_PAGE_COST": value}

    assert refusal(**env) == (
        "django.core.exceptions.ImproperlyConfigured: POSTGRES_RANDOM_PAGE_COST must be a number from 0 "
        f"(got {value!r}); empty keeps the server's."
    )


@pytest.mark.parametrize(("value", "option"), [(None, "-c random_page_cost=1.1"), (" 4 ", "-c random_page_cost=4.0"),
                                                ("0", "-c random_page_cost=0.0"), ("", None)])
def test_the_random_page_cost_goes_to_each_postgresql_connection(value, option):
    env = {"DJANGO_MODE": "demo", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/backoffice"}
    if value is not None:
        env["POSTGRES_RANDOM_PAGE_COST"] = value

    result = run(["-c", DATABASE_OPTIONS], **env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout).get("options") == option
