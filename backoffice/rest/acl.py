"""Which Magento ACL resource, and which Django permission granting it, a view requires."""

from __future__ import annotations

ANONYMOUS = "anonymous"
SELF = "self"  # a customer token, acting on its own customer's data


def acl_of(view: object, method: str) -> tuple[str | None, str | None]:
    """The view's (ACL resource, Django permission) for ``method``.

    A view declares ``acl_resource`` and ``permission_required``, or, when one path serves several methods
    with different resources (webapi.xml declares them per route and method), ``acl_by_method``:
    ``{"GET": (resource, permission), ...}``. A method it does not list has no resource: closed.
    """
    by_method = getattr(view, "acl_by_method", None)
    if by_method is not None:
        return by_method.get(method, (None, None))
    return getattr(view, "acl_resource", None), getattr(view, "permission_required", None)
