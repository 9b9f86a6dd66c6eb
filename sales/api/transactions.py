"""Payment transactions (Magento_Sales webapi.xml, TransactionRepositoryInterface, Magento_Sales::transactions_fetch):

- ``GET /V1/transactions?searchCriteria...``  TransactionRepositoryInterface::getList
- ``GET /V1/transactions/{id}``              TransactionRepositoryInterface::get

Offline payment methods record none, so the list is empty until a gateway records one; the routes, the
ACL and the TransactionInterface body are Magento's all the same.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, QuerySet
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backoffice.rest.routes import ListView, RetrieveView
from backoffice.rest.serializers import MagentoModelSerializer

from ..exceptions import TransactionNotFound
from ..models import PaymentTransaction
from ..orders import get_document
from .acl import TRANSACTIONS_FETCH


def transactions() -> QuerySet[PaymentTransaction]:
    """Transactions with two levels of children read ahead (authorization -> capture -> refund); deeper ones,
    which no Magento gateway makes, are read as they are rendered."""
    children = PaymentTransaction.objects.order_by("pk")
    return PaymentTransaction.objects.prefetch_related(
        Prefetch("child_transactions", queryset=children.prefetch_related(Prefetch("child_transactions", children)))
    )


class TransactionSerializer(MagentoModelSerializer):
    """TransactionInterface, its getters' keys in their order. ``parent_id`` (``int|null``) is left out when null,
    the other getters are not nullable and print null; ``getAdditionalInformation`` answers ``[]`` when empty and
    the web API prints an array's values only (``DataObjectProcessor::buildOutputDataArray``), as strings."""

    parent_id = serializers.IntegerField(allow_null=True)
    order_id = serializers.IntegerField()
    payment_id = serializers.IntegerField()
    additional_information = serializers.SerializerMethodField()
    child_transactions = serializers.SerializerMethodField()

    class Meta:
        model = PaymentTransaction
        fields = [
            "transaction_id", "parent_id", "order_id", "payment_id", "txn_id", "parent_txn_id", "txn_type",
            "is_closed", "additional_information", "created_at", "child_transactions",
        ]
        non_nullable = (
            "transaction_id", "order_id", "payment_id", "txn_id", "parent_txn_id", "txn_type", "is_closed",
            "created_at", "child_transactions",
        )

    @extend_schema_field({"type": "array", "items": {}})
    def get_additional_information(self, txn: PaymentTransaction) -> list[object]:
        info = txn.additional_information or []
        values = info.values() if isinstance(info, dict) else info
        return [value if isinstance(value, (dict, list)) or value is None else _php_string(value) for value in values]

    def get_child_transactions(self, txn: PaymentTransaction) -> list[dict]:
        return TransactionSerializer(txn.child_transactions.all(), many=True).data


def _php_string(value: object) -> str:
    """PHP's (string) cast of a scalar: true "1", false ""."""
    if isinstance(value, bool):
        return "1" if value else ""
    return str(value)


class TransactionFilter(django_filters.FilterSet):
    """searchCriteria fields of GET /V1/transactions: sales_payment_transaction's columns."""

    transaction_id = django_filters.NumberFilter(field_name="pk")
    parent_id = django_filters.NumberFilter(field_name="parent__transaction_id")
    order_id = django_filters.NumberFilter(field_name="order__entity_id")
    payment_id = django_filters.NumberFilter(field_name="payment__entity_id")
    txn_id = django_filters.CharFilter()
    parent_txn_id = django_filters.CharFilter()
    txn_type = django_filters.CharFilter()
    is_closed = django_filters.NumberFilter()
    created_at = django_filters.DateTimeFilter()

    class Meta:
        model = PaymentTransaction
        fields: list[str] = []


class TransactionListView(ListView):
    """GET /V1/transactions?searchCriteria... -> TransactionSearchResultInterface, one page of it."""

    acl_by_method = {"GET": TRANSACTIONS_FETCH}
    queryset = transactions().order_by("pk")
    serializer_class = TransactionSerializer
    filterset_class = TransactionFilter


class TransactionDetailView(RetrieveView):
    """GET /V1/transactions/{id} (Transaction\\Repository::get: id 0 "An ID is needed...", unknown: 404)."""

    acl_by_method = {"GET": TRANSACTIONS_FETCH}
    serializer_class = TransactionSerializer

    def get_object(self) -> PaymentTransaction:
        return get_document(transactions(), self.kwargs["transaction_id"], TransactionNotFound)


urlpatterns: list[URLPattern] = [
    path("transactions", TransactionListView.as_view()),
    path("transactions/<id:transaction_id>", TransactionDetailView.as_view()),
]
