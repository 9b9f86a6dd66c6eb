"""Customers in the admin: customer groups, read-only until the customers admin exists (groups are written over
REST: /V1/customerGroups, through customers.groups)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .groups import tax_class_name
from .models import CustomerGroup


@admin.register(CustomerGroup)
class CustomerGroupAdmin(admin.ModelAdmin):
    """Customers > Customer Groups: ID, Group, Tax Class, as Magento's grid."""

    list_display = ["customer_group_id", "customer_group_code", "tax_class"]
    search_fields = ["customer_group_code"]

    @admin.display(description="Tax Class")
    def tax_class(self, group: CustomerGroup) -> str:
        return tax_class_name(group.tax_class_id) or str(group.tax_class_id)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: CustomerGroup | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: CustomerGroup | None = None) -> bool:
        return False
