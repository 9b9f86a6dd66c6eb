"""The one direction of dependency: catalog <- inventory <- sales <- checkout and customers <- sales (Magento's
modules: Catalog, InventoryApi, Customer, Sales, Quote/Checkout); integrations (Magento_Integration) imports
backoffice only; backoffice plumbing imports no domain app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = {"catalog", "inventory", "customers", "sales", "checkout", "integrations", "asynchronous_operations"}
MAY_IMPORT = {
    "catalog": set(),
    "inventory": {"catalog"},
    "customers": set(),
    "sales": {"catalog", "inventory", "customers"},
    "checkout": {"catalog", "inventory", "customers", "sales"},
    "integrations": set(),
    "backoffice/rest": set(),
    # Magento_AsynchronousOperations: runs any app's routes through the URL resolver, imports none of them
    "asynchronous_operations": set(),
}


def imported_modules(path: Path) -> list[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
        elif isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
    return modules


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_package_imports_only_downhill(package):
    forbidden = DOMAIN - MAY_IMPORT[package] - {package}
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / package).rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in forbidden
    ]

    assert offenders == []


def test_every_select_for_update_lives_in_a_locks_module():
    offenders = [
        str(path.relative_to(ROOT))
        for app in DOMAIN
        for path in (ROOT / app).rglob("*.py")
        if "select_for_update" in path.read_text() and path.name != "locks.py"
    ]

    assert offenders == []


def test_the_layering_is_checked_for_every_domain_app():
    """A new app under the project root must take its place in MAY_IMPORT (or the check would skip it)."""
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} - {"rest"}

    assert apps == DOMAIN
