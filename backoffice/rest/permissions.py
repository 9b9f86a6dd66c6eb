"""Magento ACL resources mapped onto Django permissions."""

from __future__ import annotations

from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .acl import ANONYMOUS, SELF, acl_of
from .errors import REST_METHODS
from .models import UserType

__all__ = ["ANONYMOUS", "SELF", "HasAclResource"]


class HasAclResource(BasePermission):
    """Each view declares its Magento ACL resource and, for admin resources, the Django permission that
    grants it (acl.acl_of). A view that declares neither is closed.

    Admin resources need an admin token of an active staff user holding the permission, or an active
    integration whose resources include them; customer tokens never open them. ``self`` resources need a
    customer token.
    """

    def has_permission(self, request: Request, view: object) -> bool:
        # Magento matches the route (method + path) before it checks the ACL: a method this view does not
        # serve is "Request does not match any route." (404) even for a guest, and PATCH, HEAD, OPTIONS...
        # are "Request method is invalid." (400); both rendered by errors.magento_exception_handler.
        if request.method not in REST_METHODS or not hasattr(view, request.method.lower()):
            raise MethodNotAllowed(request.method)
        resource, permission = acl_of(view, request.method)
        if resource == ANONYMOUS:
            return True
        token = request.auth
        if resource == SELF:
            return token is not None and token.user_type == UserType.CUSTOMER
        if token is not None and token.user_type == UserType.INTEGRATION:
            # An integration's ACL is its resource selection, read on every request: an edit or a deletion
            # takes effect on the next one.
            return bool(resource) and token.consumer.integration.allows(resource)
        if not resource or not permission or token is None or token.user_type != UserType.ADMIN:
            return False
        user = request.user
        return bool(user and user.is_active and user.is_staff and user.has_perm(permission))
