"""The one direction of dependency: catalog <- inventory <- sales <- checkout and customers <- sales (Magento's
modules: Catalog, InventoryApi, Customer, Sales, Quote/Checkout); integrations (Magento_Integration) imports
backoffice only; backoffice plumbing imports no domain app."""

from __future__ import annotations

import ast
import sys
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


# The one re-registration left: inventory's MSI product grid over catalog's (Quantity per Source, Salable Quantity,
# the Sources section). Catalog cannot know inventory, so inventory replaces catalog's ProductAdmin.
REREGISTERED = {("inventory/admin.py", "Product")}


def admin_modules() -> list[Path]:
    """Every module of the project's Django apps and of the backoffice wiring."""
    packages = sorted({path.parent for path in ROOT.glob("*/apps.py")} | {ROOT / "backoffice"})
    return [path for package in packages for path in sorted(package.rglob("*.py"))]


def is_admin_site_call(node: ast.AST, method: str) -> bool:
    """``admin.site.<method>(...)`` or ``site.<method>(...)``."""
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method
        and isinstance(node.func.value, ast.Attribute | ast.Name)
        and (node.func.value.attr if isinstance(node.func.value, ast.Attribute) else node.func.value.id) == "site"
    )


def admin_registrations(path: Path) -> list[str]:
    """The models a module hands to the admin: ``@admin.register(Model, ...)`` and ``admin.site.register(Model, ...)``."""
    models = []
    for node in ast.walk(ast.parse(path.read_text())):
        decorator = (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "register"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "admin"
        )
        if decorator or is_admin_site_call(node, "register"):
            models += [arg.id for arg in node.args if isinstance(arg, ast.Name)]
    return models


def test_no_module_unregisters_a_model_from_the_admin():
    """A page is extended where it is registered, not replaced from another module (sales' Credit Memo buttons
    are part of the one OrderAdmin and InvoiceAdmin)."""
    offenders = [
        f"{path.relative_to(ROOT)}: {ast.unparse(node)}"
        for path in admin_modules()
        for node in ast.walk(ast.parse(path.read_text()))
        if is_admin_site_call(node, "unregister")
        and (str(path.relative_to(ROOT)), ast.unparse(node.args[0])) not in REREGISTERED
    ]

    assert offenders == []


def test_every_model_is_registered_by_one_module():
    registered_by: dict[str, list[str]] = {}
    for path in admin_modules():
        for model in admin_registrations(path):
            if (str(path.relative_to(ROOT)), model) not in REREGISTERED:
                registered_by.setdefault(model, []).append(str(path.relative_to(ROOT)))

    assert {model: modules for model, modules in registered_by.items() if len(modules) > 1} == {}


def test_each_admin_page_is_the_class_its_own_module_registers():
    """What the running site serves is what the source says: each model's ModelAdmin comes from a module that
    registers that model, and no registered ModelAdmin subclasses another registered one."""
    from django.contrib import admin

    registry = admin.site._registry
    admin_classes = {type(model_admin) for model_admin in registry.values()}
    mismatched = [
        f"{model._meta.label}: {type(model_admin).__module__}.{type(model_admin).__qualname__}"
        for model, model_admin in registry.items()
        if model._meta.app_label in {path.parent.name for path in ROOT.glob("*/apps.py")}
        and model.__name__ not in admin_registrations(Path(sys.modules[type(model_admin).__module__].__file__))
    ]
    subclassed = sorted(
        f"{child.__qualname__} < {parent.__qualname__}"
        for child in admin_classes for parent in admin_classes
        if child is not parent and issubclass(child, parent)
    )

    assert (mismatched, subclassed) == ([], [])


def test_magento_phrases_are_filled_by_one_function():
    """``%1`` / ``%name`` templates go through backoffice.phrases.phrase (Magento's Placeholder renderer), never a
    hand-written ``.replace("%1", ...)`` that re-reads substituted text or misses ``%10``."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in admin_modules()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if '.replace("%' in line and '"%", ' not in line  # a SQL LIKE wildcard is not a phrase
    ]

    assert offenders == []


def test_every_locks_module_points_at_the_one_lock_order():
    """The lock order is written once (the README's table); each locks.py says its part under the same sentence."""
    modules = sorted(ROOT.glob("*/locks.py"))
    openings = {
        path.parent.name: (ast.get_docstring(ast.parse(path.read_text())) or "").splitlines()[0] for path in modules
    }

    assert len(modules) >= 7
    assert openings == {
        app: f"Row locks of the {app} app, in the one global lock order: the table in the README's \"Layout\" section."
        for app in openings
    }
    assert "| # | Rows | Taken by |" in (ROOT / "README.md").read_text()
