"""Customer routes, paths as in Magento_Customer and Magento_Integration etc/webapi.xml (without /V1)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import addresses, groups, metadata
from .customers import CustomerCreateView, CustomerDetailView, CustomerMeView, CustomerSearchView, CustomerTokenView

urlpatterns: list[URLPattern] = [
    path("customers", CustomerCreateView.as_view()),
    path("customers/search", CustomerSearchView.as_view()),
    path("customers/me", CustomerMeView.as_view()),
    path("customers/<id:customer_id>", CustomerDetailView.as_view()),
    path("integration/customer/token", CustomerTokenView.as_view()),
]
urlpatterns += addresses.urlpatterns + groups.urlpatterns + metadata.urlpatterns
