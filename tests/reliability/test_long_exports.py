"""A grid's Export CSV outlasts gunicorn's timeout (README "Production"): gunicorn kills a sync worker that has not
said it is alive within ``timeout``, and a sync worker says so only between requests, so an export of a million
orders (about three minutes) was cut off at 30 s. The stream now says it is alive before each batch
(backoffice/heartbeat.py, gunicorn.conf.py's pre_request). Here gunicorn runs with the repository's configuration
at ``--timeout 2`` and an export that takes 24 x 0.25 s (tests/reliability/slow_stream.py): the whole file
arrives. Without the beat the same run ends with the worker killed and part of the file (checked by hand when
this was written: ``http.client.IncompleteRead``)."""

from __future__ import annotations

import csv
import http.cookiejar
import io
import re
import subprocess
import sys
import urllib.parse
import urllib.request

from .test_deploy import ROOT, environment, gunicorn

ORDERS = 24


def manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr


def signed_in(url: str) -> urllib.request.OpenerDirector:
    """An opener holding an admin session, signed in through the login form as a browser does."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = opener.open(f"{url}/admin/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "admin", "password": "s3cret-Pa55",
                                   "next": "/admin/"}).encode()
    landed = opener.open(urllib.request.Request(f"{url}/admin/login/", body, headers={"Referer": f"{url}/admin/login/"}),
                         timeout=30)
    assert landed.url == f"{url}/admin/", "not signed in"
    return opener


def test_an_export_longer_than_the_workers_timeout_arrives_whole(tmp_path):
    env = environment(tmp_path, DJANGO_MODE="demo")
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "generate_load", "--products", "30", "--sources", "1", "--orders", str(ORDERS))
    manage(env, "shell", "-c", "from django.contrib.auth.models import User; "
                               "User.objects.create_superuser('admin', 'admin@example.com', 's3cret-Pa55')")

    with gunicorn(env, "--timeout", "2", "tests.reliability.slow_stream:application") as url:
        opener = signed_in(url)
        with opener.open(f"{url}/admin/sales/order/export-csv/", timeout=60) as answer:
            text = answer.read().decode()  # http.client.IncompleteRead if the worker was killed meanwhile

    header, *rows = csv.reader(io.StringIO(text))
    assert header[:3] == ["ID", "Purchase Point", "Purchase Date"]
    assert sorted(row[0] for row in rows) == [f"{number:09d}" for number in range(1, ORDERS + 1)]
