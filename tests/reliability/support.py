"""Helpers of the reliability tests: whole-table snapshots, threads with their own connections, tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.test import APIClient

from backoffice.rest.models import IdempotencyRecord
from backoffice.rest.tokens import create_admin_access_token
from catalog.models import Product
from inventory.models import Reservation, SourceItem
from sales.models import (
    Creditmemo,
    CreditmemoComment,
    CreditmemoItem,
    Invoice,
    InvoiceComment,
    InvoiceItem,
    Order,
    OrderAddress,
    OrderItem,
    OrderPayment,
    OrderStatusHistory,
    Shipment,
    ShipmentComment,
    ShipmentItem,
    ShipmentTrack,
)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs real row locks (SELECT ... FOR UPDATE) and parallel connections: PostgreSQL only; "
    "SQLite ignores FOR UPDATE and serialises every writer",
)
# Transactional tests that keep the migrations' default source and stock (serialized_rollback).
transactional_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SNAPSHOT_MODELS = (
    Product, SourceItem, Reservation, Order, OrderItem, OrderPayment, OrderAddress, OrderStatusHistory, Invoice,
    InvoiceItem, InvoiceComment, Shipment, ShipmentItem, ShipmentTrack, ShipmentComment, IdempotencyRecord,
    Creditmemo, CreditmemoItem, CreditmemoComment,
)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table a sales or inventory write touches, in primary-key order."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS}




def admin_client(username: str = "admin") -> APIClient:
    """A REST client with a fresh admin token of a superuser (created when missing)."""
    user_model = get_user_model()
    if not user_model.objects.filter(username=username).exists():
        user_model.objects.create_superuser(username, f"{username}@example.com", "password")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_admin_access_token(username, 'password')}")
    return client


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client

