"""Stores > Inventory > Source Items: every SKU at every source in one grid, its quantity edited in place through
the function POST /V1/inventory/source-items calls (inventory.source_items.save_source_items, Magento's
InventoryApi SourceItemsSaveInterface and its validators: InventoryApi/Model/SourceItem/Validator/*), so
reservations and the salable quantity follow and a refusal writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from inventory.models import Source, SourceItem
from inventory.salable import get_salable_quantities
from tests.admin.readers import csv_rows
from tests.admin.test_tutorial_screens import cell
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db

GRID = reverse("admin:inventory_sourceitem_changelist")


def skus_shown(client: Client, query: str = "") -> list[str]:
    html = client.get(GRID + query).content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [row.split('class="field-sku_column">')[1].split("<")[0] for row in body.split("<tr")[1:]]


def warehouse() -> Source:
    return Source.objects.create(source_code="ne_wh", name="Northeast Warehouse", country_id="US", postcode="1")


def edit_quantities(client: Client, rows: dict[SourceItem, str], query: str = "") -> object:
    """The grid's Save button, with the page's rows (in the grid's order) and their new quantities."""
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "_save": "Save"}
    for n, (item, quantity) in enumerate(rows.items()):
        data |= {f"form-{n}-id": item.pk, f"form-{n}-quantity": quantity}
    return client.post(GRID + query, data, follow=True)


def messages_of(response: object) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_grid_shows_sku_product_source_name_plain_quantity_and_status(admin_client: Client) -> None:
    warehouse()
    make_product(sku="24-MB01", name="Joust Duffle Bag", quantity=Decimal("98.0000"), source_code="ne_wh")

    html = admin_client.get(GRID).content.decode()

    for header in ("SKU", "Product", "Source", "Quantity", "Status"):
        assert f">{header}</" in html, header
    assert cell(html, "24-MB01", "product_name") == "Joust Duffle Bag"
    assert cell(html, "24-MB01", "source_name") == "Northeast Warehouse"
    assert 'value="98"' in cell(html, "24-MB01", "quantity")
    assert cell(html, "24-MB01", "status_column") == '<span class="grid-status grid-status-in_stock">In Stock</span>'


def test_filters_by_source_name_and_status_and_searches_by_sku(admin_client: Client) -> None:
    warehouse()
    at_default = make_product(sku="24-MB01")
    at_ne = make_product(sku="24-WB03", source_code="ne_wh")
    out = make_product(sku="24-WB01")
    SourceItem.objects.filter(product=out).update(status=SourceItem.Status.OUT_OF_STOCK)

    html = admin_client.get(GRID).content.decode()

    assert "Northeast Warehouse" in html
    assert "Default Source" in html
    assert skus_shown(admin_client) == [out.sku, at_ne.sku, at_default.sku]  # newest first
    assert skus_shown(admin_client, "?source__source_code__exact=ne_wh") == [at_ne.sku]
    assert skus_shown(admin_client, "?status__exact=0") == [out.sku]
    assert skus_shown(admin_client, "?q=WB03") == [at_ne.sku]


def test_editing_a_quantity_goes_through_the_domain_and_the_salable_quantity_follows(admin_client: Client) -> None:
    product = make_product(sku="24-MB01", quantity=Decimal("100"))
    make_order(products=[product], item_qtys=[Decimal("20")])  # reserves 20
    item = SourceItem.objects.get(product=product)
    assert get_salable_quantities(["24-MB01"])["24-MB01"][0].qty == Decimal("80")

    response = edit_quantities(admin_client, {item: "50"}, "?q=24-MB01")

    assert response.status_code == 200
    assert messages_of(response) == ["1 source item was changed successfully."]
    assert SourceItem.objects.get(pk=item.pk).quantity == Decimal("50")
    assert get_salable_quantities(["24-MB01"])["24-MB01"][0].qty == Decimal("30")  # 50 less the 20 reserved


def test_a_refused_quantity_is_a_message_and_nothing_of_the_page_is_written(admin_client: Client) -> None:
    first = SourceItem.objects.get(product=make_product(sku="24-MB01", quantity=Decimal("10")))
    second = SourceItem.objects.get(product=make_product(sku="24-MB02", quantity=Decimal("10")))

    response = edit_quantities(admin_client, {first: "7", second: ""}, "?q=24-MB0")  # the first saved, then refused

    assert any('"quantity" should be numeric.' in message for message in messages_of(response))
    assert SourceItem.objects.get(pk=first.pk).quantity == Decimal("10")
    assert SourceItem.objects.get(pk=second.pk).quantity == Decimal("10")


def test_the_csv_has_raw_quantities_and_status_labels(admin_client: Client) -> None:
    make_product(sku="24-MB01", name="Joust Duffle Bag", quantity=Decimal("4.5"))

    [header, row] = csv_rows(admin_client.get(reverse("admin:inventory_sourceitem_export_csv")))

    assert header == ["SKU", "Product", "Source", "Quantity", "Status"]
    assert row == ["24-MB01", "Joust Duffle Bag", "Default Source", "4.5", "In Stock"]


def test_a_page_costs_the_same_queries_however_many_items(
    admin_client: Client, django_assert_max_num_queries: Callable
) -> None:
    warehouse()
    for _ in range(21):  # two pages
        make_product(source_code="ne_wh")
    admin_client.get(GRID)
    with django_assert_max_num_queries(10) as first:
        admin_client.get(GRID)
    for _ in range(40):
        make_product()

    with django_assert_max_num_queries(len(first.captured_queries)):
        admin_client.get(GRID)


def test_the_grid_deletes_nothing(admin_client: Client) -> None:
    """Unassigning a source goes through SourceItemsDelete on the product page: no bulk delete here."""
    item = SourceItem.objects.get(product=make_product(sku="24-MB01"))

    html = admin_client.get(GRID).content.decode()
    response = admin_client.post(GRID, {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"})

    assert "delete_selected" not in html
    assert response.status_code in (200, 302)
    assert SourceItem.objects.filter(pk=item.pk).exists()


def test_deleting_one_source_item_goes_through_source_items_delete(admin_client: Client, monkeypatch) -> None:
    item = SourceItem.objects.get(product=make_product(sku="24-MB01"))
    calls = []
    monkeypatch.setattr("inventory.source_item_admin.delete_source_items", calls.append)

    admin_client.post(reverse("admin:inventory_sourceitem_delete", args=[item.pk]), {"post": "yes"})

    assert [(data.sku, data.source_code) for [data] in calls] == [("24-MB01", "default")]
