"""Which Magento ACL resource, and which Django permission granting it, a view requires."""

from __future__ import annotations

ANONYMOUS = "anonymous"
SELF = "self"  # a customer token, acting on its own customer's data


def acl_of(view: object, method: str) -> tuple[str | None, str | None]:
    """The view's (ACL resource, Django permission) for ``method``.

    A view declares ``acl_by_method``: ``{"GET": (resource, permission), ...}``, as webapi.xml declares a resource
    per route and method (routes.py: the one way, for every route). A method it does not list, or a view that
    declares nothing, has no resource: closed.
    """
    return getattr(view, "acl_by_method", {}).get(method, (None, None))


def declared_resources() -> list[str]:
    """Every admin ACL resource a REST route declares (``acl_by_method``), found by walking
    the URL resolver: the resources an integration can be given are exactly those its calls can need."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: set[str] = set()

    def walk(patterns: list) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", None)
                pairs = getattr(view, "acl_by_method", {}).values()
                found.update(resource for resource, _ in pairs if resource and resource not in {ANONYMOUS, SELF})

    walk(get_resolver().url_patterns)
    return sorted(found)


def resource_tree(resources: list[str]) -> list[tuple[str, list[str]]]:
    """The resources grouped by their Magento module (``Magento_Sales::invoice`` under ``Magento_Sales``)."""
    modules: dict[str, list[str]] = {}
    for resource in resources:
        modules.setdefault(resource.split("::")[0], []).append(resource)
    return sorted(modules.items())
