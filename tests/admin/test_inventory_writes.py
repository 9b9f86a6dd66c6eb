"""Inventory pages write through the inventory domain functions; their refusals come back as messages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from inventory.models import Reservation, SalesChannel, Source, SourceItem, Stock, StockSourceLink
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db


def source_form(**overrides: object) -> dict[str, object]:
    return {"source_code": "wh1", "name": "Warehouse 1", "enabled": "on", "country_id": "US", "postcode": "10001",
            "use_default_carrier_config": "on"} | overrides


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_source_is_created_through_the_domain_validators(admin_client: Client):
    response = admin_client.post(reverse("admin:inventory_source_add"), source_form())

    assert response.status_code == 302
    assert Source.objects.get(pk="wh1").name == "Warehouse 1"


def test_disabling_the_default_source_is_refused_with_magentos_message(admin_client: Client):
    url = reverse("admin:inventory_source_change", args=["default"])

    response = admin_client.post(url, source_form(source_code="default", name="Default Source", enabled=""),
                                 follow=True)

    assert "Default source can not be disabled." in " ".join(messages_of(response))
    assert Source.objects.get(pk="default").enabled is True


def test_a_source_becomes_a_pickup_location_on_its_form(admin_client: Client):
    """InventoryInStorePickupAdminUi inventory_source_form.xml: "Use as Pickup Location", and the Pickup Location
    fieldset's Frontend Name and Frontend Description, saved through save_source."""
    form = admin_client.get(reverse("admin:inventory_source_add")).content.decode()
    pickup = source_form(is_pickup_location_active="on", frontend_name="Midtown Store", frontend_description="Door B",
                         city="New York", street="1 Main St", phone="555")

    response = admin_client.post(reverse("admin:inventory_source_add"), pickup)

    assert 'name="is_pickup_location_active"' in form
    assert ">Pickup Location</h2>" in form
    assert response.status_code == 302
    source = Source.objects.get(pk="wh1")
    assert (source.is_pickup_location_active, source.frontend_name, source.frontend_description) == (
        True, "Midtown Store", "Door B")


def test_a_pickup_location_without_an_address_is_refused_with_magentos_messages(admin_client: Client):
    """InventoryInStorePickup Model/Source/Validator: city, street and phone are required of a pickup location."""
    response = admin_client.post(reverse("admin:inventory_source_add"), source_form(is_pickup_location_active="on"),
                                 follow=True)

    text = " ".join(messages_of(response))
    for field in ("city", "street", "phone"):
        assert f'"{field}" can not be empty for Pickup Location.' in text
    assert not Source.objects.filter(pk="wh1").exists()


def test_enable_and_disable_actions(admin_client: Client):
    Source.objects.create(source_code="wh2", name="Warehouse 2", country_id="US", postcode="1")
    url = reverse("admin:inventory_source_changelist")

    disabled = admin_client.post(url, {"action": "disable_sources", "_selected_action": ["wh2", "default"]},
                                 follow=True)

    assert Source.objects.get(pk="wh2").enabled is False
    assert Source.objects.get(pk="default").enabled is True
    assert any("Default source can not be disabled." in m for m in messages_of(disabled))
    admin_client.post(url, {"action": "enable_sources", "_selected_action": ["wh2"]})
    assert Source.objects.get(pk="wh2").enabled is True


def stock_form(name: str, channels: list[str], links: list[tuple[str, int]], existing_links: int = 0,
               existing_channels: int = 0) -> dict[str, object]:
    data = {"name": name,
            "sales_channels-TOTAL_FORMS": len(channels), "sales_channels-INITIAL_FORMS": existing_channels,
            "source_links-TOTAL_FORMS": len(links), "source_links-INITIAL_FORMS": existing_links}
    for i, code in enumerate(channels):
        data |= {f"sales_channels-{i}-type": "website", f"sales_channels-{i}-code": code}
    for i, (source, priority) in enumerate(links):
        data |= {f"source_links-{i}-source": source, f"source_links-{i}-priority": priority}
    return data


def test_a_stock_takes_the_website_from_default_stock_and_links_sources(admin_client: Client):
    Source.objects.create(source_code="wh1", name="Warehouse 1", country_id="US", postcode="1")

    response = admin_client.post(reverse("admin:inventory_stock_add"), stock_form("US Stock", ["base"], [("wh1", 1)]))

    assert response.status_code == 302
    stock = Stock.objects.get(name="US Stock")
    assert SalesChannel.objects.get(code="base").stock == stock
    assert list(StockSourceLink.objects.filter(stock=stock).values_list("source_id", "priority")) == [("wh1", 1)]


def test_linking_the_default_source_to_another_stock_is_refused_and_nothing_is_written(admin_client: Client):
    response = admin_client.post(reverse("admin:inventory_stock_add"), stock_form("Other", [], [("default", 1)]),
                                 follow=True)

    assert any("Validation Failed" in m for m in messages_of(response))
    assert not Stock.objects.filter(name="Other").exists()


def test_the_product_page_saves_quantities_through_source_items_save_and_shows_salable_quantity(
    admin_client: Client,
):
    product = make_product(quantity=Decimal(5))
    item = SourceItem.objects.get(product=product)
    url = reverse("admin:catalog_product_change", args=[product.pk])
    form = {"sku": product.sku, "name": product.name, "type_id": "simple", "attribute_set_id": 4, "price": "10",
            "status": 1, "visibility": 4, "source_items-TOTAL_FORMS": 1, "source_items-INITIAL_FORMS": 1,
            "source_items-0-id": item.pk, "source_items-0-product": product.sku,
            "source_items-0-source": "default", "source_items-0-quantity": "7", "source_items-0-status": 1}

    page = admin_client.get(url).content.decode()
    response = admin_client.post(url, form)

    assert "Default Stock: 5" in page
    assert response.status_code == 302
    assert SourceItem.objects.get(pk=item.pk).quantity == Decimal(7)


def test_a_product_with_an_open_order_cannot_be_deleted(admin_client: Client):
    product = make_product(quantity=Decimal(5))
    make_order(products=[product], item_qtys=[Decimal(1)])

    response = admin_client.post(reverse("admin:catalog_product_delete", args=[product.pk]), {"post": "yes"},
                                 follow=True)

    assert any("couldn't be removed" in m for m in messages_of(response))
    assert Reservation.objects.filter(sku=product.sku).count() == 1
    assert SourceItem.objects.filter(product=product).count() == 1


def test_the_low_stock_report_lists_items_below_their_notify_quantity(admin_client: Client):
    low = make_product(quantity=Decimal("0.5"), name="Almost Gone")  # default notify quantity: 1
    configured = make_product(quantity=Decimal(4), name="Configured")
    SourceItem.objects.filter(product=configured).update(notify_stock_qty=Decimal(5))
    make_product(quantity=Decimal(50), name="Plenty")

    html = admin_client.get(reverse("admin:inventory_lowstockitem_changelist")).content.decode()

    assert "Almost Gone" in html
    assert "Configured" in html
    assert "Plenty" not in html
    assert low.sku in html
