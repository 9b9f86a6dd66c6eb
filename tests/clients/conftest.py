"""The my-magento client's fixtures, shared by every client test module: defined once here, so the session's one
log directory and one imported library serve them all (fixtures imported into two modules would be two)."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest

USERNAME, PASSWORD = "erp", "erp-password-1"


@pytest.fixture(scope="session")
def client_logs(tmp_path_factory: pytest.TempPathFactory) -> object:
    """The client writes log files to the working directory, the first one when it is imported, and finds their
    handlers again by that directory: it is imported, and runs, in this one directory, never in the checkout."""
    return tmp_path_factory.mktemp("my-magento")


@pytest.fixture(scope="session")
def magento(client_logs: object) -> ModuleType:
    here = os.getcwd()
    os.chdir(client_logs)
    try:
        return importlib.import_module("magento")
    finally:
        os.chdir(here)


@pytest.fixture
def api(magento, live_server, django_user_model, client_logs, monkeypatch) -> object:
    django_user_model.objects.create_superuser(USERNAME, "erp@example.com", PASSWORD)
    monkeypatch.chdir(client_logs)
    client = magento.Client(
        "127.0.0.1", USERNAME, PASSWORD, local=True, login=False, user_agent="backoffice-tests", log_level="WARNING"
    )
    client.BASE_URL = f"{live_server.url}/rest/V1/"
    client.authenticate()  # the admin token, then GET store/websites to validate it
    return client
