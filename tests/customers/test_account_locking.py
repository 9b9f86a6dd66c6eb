"""Concurrency: the customer row lock (customers/locks.py) makes a reset token single-use and serialises address
book saves (PostgreSQL only; SQLite ignores FOR UPDATE)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password
from django.db import connection

from backoffice.exceptions import DomainError
from customers.customers import CustomerData, save_customer
from customers.models import Customer, CustomerAddress
from customers.passwords import initiate_password_reset, reset_password
from tests.concurrency import run_concurrently

from .api.support import address, make_customer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs SELECT ... FOR UPDATE (PostgreSQL)"),
]


def test_a_reset_token_used_in_parallel_resets_once(django_capture_on_commit_callbacks, mailoutbox):
    jane = make_customer()
    with django_capture_on_commit_callbacks(execute=True):
        initiate_password_reset("jane@example.com", "email_reset")
    token = mailoutbox[-1].body.split("token=")[1].split()[0]
    passwords = [f"NewPassword{n}" for n in range(6)]

    results = run_concurrently([lambda p=p: reset_password("jane@example.com", token, p) for p in passwords])

    assert sum(result is True for result in results) == 1
    assert sum(isinstance(result, DomainError) for result in results) == 5
    winner = passwords[results.index(True)]
    assert Customer.objects.get(pk=jane.pk).rp_token is None
    assert check_password(winner, Customer.objects.get(pk=jane.pk).password)


def test_parallel_address_book_saves_keep_one_default_each():
    jane = make_customer(addresses=0)
    data = CustomerData(email="jane@example.com", firstname="Jane", lastname="Doe")

    def save(city: str) -> object:
        book = [address(city=city, default_billing=True, default_shipping=True), address(city=f"{city} 2")]
        return save_customer(jane.pk, data, addresses=book)

    results = run_concurrently([lambda c=c: save(c) for c in ("A", "B", "C", "D")])

    assert all(isinstance(result, Customer) for result in results), results
    book = CustomerAddress.objects.filter(customer=jane)
    assert book.count() == 2
    assert book.filter(is_default_billing=True).count() == book.filter(is_default_shipping=True).count() == 1
