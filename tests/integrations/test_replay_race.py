"""Two copies of one signed request racing (PostgreSQL): the nonce's unique index lets exactly one through.

Contract: module-integration Model/Oauth/Nonce/Generator.php validateNonce ("The nonce is already being used by
the consumer with ID %1") and etc/db_schema.xml (oauth_nonce's primary key: nonce + consumer_id).
"""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.concurrency import run_concurrently

from .conftest import create_integration, sign

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a race of real connections (PostgreSQL)"),
]
ORDERS = "/rest/V1/orders?searchCriteria%5BpageSize%5D=1"


def test_a_racing_replay_is_refused():
    credentials = create_integration()
    header = sign(credentials, "GET", f"http://testserver{ORDERS}")["Authorization"]

    def send() -> int:
        return APIClient().generic("GET", ORDERS, HTTP_AUTHORIZATION=header).status_code

    statuses = run_concurrently([send] * 4)

    assert sorted(statuses) == [200, 401, 401, 401]
