"""What an admin sign-in costs: one password hash and a few queries, nothing else.

Measured with Django's default hasher (PBKDF2-SHA256, 1,500,000 iterations in Django 6.1): the login POST took
0.39-0.62 s, of which the one `pbkdf2_hmac` call took 0.50-0.60 s; the throttle, the account lock's counters,
the session and the redirect took about 20-30 ms (README, "The admin"). The hash's cost is by design: fewer
iterations would make stolen hashes cheaper to crack. So the test guards the rest: exactly one hash and a
constant number of queries.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# The user; the lock counters (insert, select for update, update; delete on success); the new session (exists?,
# insert, then its update with the sign-in time, backoffice/admin_session.py); last_login; and the savepoints of
# the two atomic blocks and the session saves, as the test's transaction shows them.
LOGIN_QUERIES = 15


def test_an_admin_sign_in_hashes_one_password_and_runs_few_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    User.objects.create_superuser("merchant", "merchant@example.com", "merchant-password")
    hashed: list[str] = []
    encode = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher,
        "encode",
        lambda self, password, salt: hashed.append(password) or encode(self, password, salt),
    )
    client = Client()
    client.get("/admin/login/")

    with CaptureQueriesContext(connection) as queries:
        response = client.post("/admin/login/", {"username": "merchant", "password": "merchant-password"})

    assert response.status_code == 302
    assert hashed == ["merchant-password"]
    assert len(queries) <= LOGIN_QUERIES
