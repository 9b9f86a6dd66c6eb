"""The production run (README "Production"): gunicorn started with the repository's gunicorn.conf.py, as
`make serve`, bench/rest.py and .ci/smoke start it, serves the admin with its CSS and JavaScript (WhiteNoise,
after collectstatic), the demo says it is one, and the server refuses to start on the development key."""

from __future__ import annotations

import os
import re
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
KEY = "k3y-" + "pQ7#wE2!rT9@yU4$iO6%aS1^dF8&gH3*jK5(lZ0" * 2
STATIC = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def environment(tmp_path: Path, **env: str) -> dict[str, str]:
    """A clean Django environment (no inherited DJANGO_* or DATABASE_URL) on an empty SQLite file, plus ``env``."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "GUNICORN_"))}
    return {**base, "DJANGO_SETTINGS_MODULE": "backoffice.settings", "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], *args: str) -> Iterator[str]:
    """gunicorn as the production run starts it (its config file, then ``args``), on a free port; yields its base
    URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", *args], cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"{HOST}:{port}", "WEB_CONCURRENCY": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()[1]
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        yield f"http://{HOST}:{port}"
    finally:
        server.terminate()
        server.communicate(timeout=30)


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def linked_static_files(html: str) -> list[str]:
    return STATIC.findall(html)


def test_under_gunicorn_the_admin_login_page_loads_its_css_and_javascript(tmp_path):
    env = environment(tmp_path, DJANGO_MODE="production", DJANGO_SECRET_KEY=KEY,
                      DJANGO_STATIC_ROOT=str(tmp_path / "static"))
    collected = subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert collected.returncode == 0, collected.stderr

    with gunicorn(env) as url:
        status, _, body = get(f"{url}/admin/login/")
        assert status == 200
        files = linked_static_files(body.decode())
        css = next(path for path in files if path.startswith("/static/admin/css/base."))
        assert re.fullmatch(r"/static/admin/css/base\.[0-9a-f]{12}\.css", css)  # the manifest's hashed name
        status, headers, content = get(url + css)
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert b"body" in content
        assert "immutable" in headers["Cache-Control"]  # a hashed name never changes: cached for good
        _, compressed, _ = get(url + css, **{"Accept-Encoding": "gzip"})
        assert compressed["Content-Encoding"] == "gzip"
        assert {path: get(url + path)[0] for path in files} == dict.fromkeys(files, 200)


def test_the_demo_serves_the_admin_css_without_collectstatic_and_says_it_is_a_demo(tmp_path):
    with gunicorn(environment(tmp_path, DJANGO_MODE="demo")) as url:
        status, _, body = get(f"{url}/admin/login/")
        html = body.decode()

        assert status == 200
        assert '<div id="site-name"><a href="/admin/">Backoffice DEMO: not for production</a></div>' in html
        assert "<title>Log in | Backoffice DEMO: not for production</title>" in html
        assert "/static/admin/css/base.css" in linked_static_files(html)
        assert {path: get(url + path)[0] for path in linked_static_files(html)} == dict.fromkeys(
            linked_static_files(html), 200)


def test_gunicorn_refuses_to_start_on_the_development_key(tmp_path):
    server = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"], cwd=ROOT, capture_output=True, text=True,
        env={**environment(tmp_path), "GUNICORN_BIND": f"{HOST}:{free_port()}", "WEB_CONCURRENCY": "1"}, timeout=120,
    )

    assert server.returncode != 0
    assert "DJANGO_SECRET_KEY must be set to a secret of your own: the development key is public." in server.stderr


@pytest.mark.parametrize(("env", "workers"), [({}, 2 * (os.cpu_count() or 1) + 1), ({"WEB_CONCURRENCY": "3"}, 3)])
def test_gunicorn_conf_runs_sync_workers_with_timeouts_and_persistent_connections(monkeypatch, env, workers):
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND", "DJANGO_CONN_MAX_AGE"):
        monkeypatch.setenv(name, "")  # restored (or removed) after the test, whatever the config file sets
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert config["wsgi_app"] == "backoffice.wsgi:application"
    assert (config["workers"], config["worker_class"], config["bind"]) == (workers, "sync", "127.0.0.1:8000")
    assert (config["timeout"], config["graceful_timeout"]) == (30, 30)
    assert os.environ["DJANGO_CONN_MAX_AGE"] == "600"  # read by settings.DATABASES in every worker
