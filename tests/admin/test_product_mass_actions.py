"""Catalog > Products mass actions of Magento's MSI product grid: Assign Inventory Source, Unassign Inventory Source,
Transfer Inventory To Source.

Magento: magento/inventory's InventoryCatalogAdminUi/view/adminhtml/ui_component/product_listing.xml (the actions),
Controller/Adminhtml/Source/BulkAssign(Post).php, BulkUnassign(Post).php, Inventory/BulkTransfer(Post).php,
Bulk/BulkPageProcessor.php ("Selected products are not assigned to any source."), templates source_selection.phtml,
inventory_transfer.phtml, assign_notice.phtml, unassign_notice.phtml, and layouts inventorycatalog_*.xml (button
titles, only the assigned sources to unassign).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from catalog.models import Product
from inventory.models import DEFAULT_STOCK_ID, Reservation, Source, SourceItem
from tests.admin.conftest import make_product

pytestmark = pytest.mark.django_db

GRID = reverse("admin:catalog_product_changelist")


@pytest.fixture
def sources() -> None:
    for code, name in (("ne_wh", "Northeast Warehouse"), ("west_wh", "West Warehouse")):
        Source.objects.create(source_code=code, name=name, country_id="US", postcode="10001")


def holding(product: Product, **quantities: str) -> Product:
    for code, qty in quantities.items():
        SourceItem.objects.create(product=product, source_id=code, quantity=Decimal(qty), status=1)
    return product


def stock_of(*products: Product) -> dict[tuple[str, str], tuple[Decimal, int]]:
    rows = SourceItem.objects.filter(product__in=products).values_list("product_id", "source_id", "quantity", "status")
    return {(sku, code): (qty, status) for sku, code, qty, status in rows}


def act(client: Client, action: str, products: list[Product], **fields: object) -> object:
    """The grid's action (the intermediate page without ``fields``, its submit with them)."""
    data: dict[str, object] = {"action": action, "index": 0, "_selected_action": [p.pk for p in products]}
    if fields:
        data |= {"apply": "1", **fields}
    return client.post(GRID, data, follow=bool(fields))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_grid_offers_magentos_mass_actions(admin_client: Client) -> None:
    page = admin_client.get(GRID).content.decode()

    for value, label in (
        ("assign_inventory_source", "Assign Inventory Source"),
        ("unassign_inventory_source", "Unassign Inventory Source"),
        ("transfer_inventory_to_source", "Transfer Inventory To Source"),
    ):
        assert f'<option value="{value}">{label}</option>' in page


def test_assign_shows_every_source_by_name_then_assigns_with_zero_quantity(admin_client: Client, sources) -> None:
    first, second = holding(make_product(), ne_wh="5"), make_product()

    form = act(admin_client, "assign_inventory_source", [first, second]).content.decode()
    response = act(admin_client, "assign_inventory_source", [first, second], sources=["ne_wh", "west_wh"])

    assert "Products will be added to new sources with 0 quantity." in form
    assert "You selected <strong>2</strong> products for this bulk operation." in form
    assert 'value="west_wh"' in form
    assert "West Warehouse" in form
    assert "Assign sources" in form
    assert messages_of(response) == ["Bulk operation was successful: 3 assignments."]
    assert stock_of(first, second) == {
        (first.sku, "ne_wh"): (5, 1),  # already assigned: left as it was
        (first.sku, "west_wh"): (0, 0),
        (second.sku, "ne_wh"): (0, 0),
        (second.sku, "west_wh"): (0, 0),
    }


def test_unassign_offers_only_the_assigned_sources_and_removes_them(admin_client: Client, sources) -> None:
    first = holding(make_product(), ne_wh="5", west_wh="2")
    second = holding(make_product(), ne_wh="1")
    untouched = holding(make_product(), ne_wh="7")

    form = act(admin_client, "unassign_inventory_source", [second]).content.decode()
    response = act(admin_client, "unassign_inventory_source", [first, second], sources=["ne_wh"])

    assert "Products quantity will be permanently removed from selected sources." in form
    assert "Northeast Warehouse" in form
    assert "West Warehouse" not in form  # not assigned to the selected product
    assert "Unassign sources" in form
    assert messages_of(response) == ["Bulk operation was successful: 2 unassignments."]
    assert stock_of(first, second, untouched) == {
        (first.sku, "west_wh"): (2, 1),
        (untouched.sku, "ne_wh"): (7, 1),
    }


def test_transfer_moves_every_quantity_and_can_unassign_the_origin(admin_client: Client, sources) -> None:
    first = holding(make_product(), ne_wh="5", west_wh="2")
    second = holding(make_product(), ne_wh="3")

    form = act(admin_client, "transfer_inventory_to_source", [first, second]).content.decode()
    response = act(
        admin_client,
        "transfer_inventory_to_source",
        [first, second],
        origin_source="ne_wh",
        destination_source="west_wh",
        unassign_origin_source="1",
    )

    assert "Transfer from the origin source" in form
    assert "to the destination source" in form
    assert "Unassign the origin source from selected products after transfer." in form
    assert '<option value="ne_wh">Northeast Warehouse</option>' in form
    assert messages_of(response) == ["Bulk operation was successful: 2 inventory transfers."]
    assert stock_of(first, second) == {(first.sku, "west_wh"): (7, 1), (second.sku, "west_wh"): (3, 1)}


def test_transfer_keeps_the_origin_at_zero_without_unassign(admin_client: Client, sources) -> None:
    product = holding(make_product(), ne_wh="5")

    act(admin_client, "transfer_inventory_to_source", [product], origin_source="ne_wh", destination_source="west_wh")

    assert stock_of(product) == {(product.sku, "ne_wh"): (0, 0), (product.sku, "west_wh"): (5, 1)}


def test_a_transfer_to_the_same_source_is_refused_and_moves_nothing(admin_client: Client, sources) -> None:
    product = holding(make_product(), ne_wh="5")

    response = act(
        admin_client, "transfer_inventory_to_source", [product], origin_source="ne_wh", destination_source="ne_wh"
    )

    assert messages_of(response) == [
        "Validation Error: Select different sources for origin and destination. Cannot transfer a source on itself."
    ]
    assert stock_of(product) == {(product.sku, "ne_wh"): (5, 1)}


def test_a_transfer_that_cannot_be_saved_moves_nothing_at_all(admin_client: Client, sources) -> None:
    """One transaction: the second SKU's destination would overflow decimal(12,4), so the first does not move."""
    first = holding(make_product(sku="A-1"), ne_wh="5")
    second = holding(make_product(sku="B-1"), ne_wh="1", west_wh="99999999")
    before = stock_of(first, second)

    response = act(
        admin_client,
        "transfer_inventory_to_source",
        [first, second],
        origin_source="ne_wh",
        destination_source="west_wh",
    )

    assert messages_of(response) == ["Could not save Source Item"]
    assert stock_of(first, second) == before


def test_transfer_of_products_without_sources_is_refused_before_the_form(admin_client: Client, sources) -> None:
    product = make_product()

    response = admin_client.post(
        GRID, {"action": "transfer_inventory_to_source", "index": 0, "_selected_action": [product.pk]}, follow=True
    )

    assert messages_of(response) == ["Selected products are not assigned to any source."]


def test_an_unknown_or_missing_source_is_a_form_error_that_writes_nothing(admin_client: Client, sources) -> None:
    product = make_product()

    unknown = act(admin_client, "assign_inventory_source", [product], sources=["gone_wh"])
    missing = admin_client.post(
        GRID, {"action": "assign_inventory_source", "index": 0, "_selected_action": [product.pk], "apply": "1"}
    )

    assert "Select a valid choice. gone_wh is not one of the available choices." in unknown.content.decode()
    assert "This field is required." in missing.content.decode()
    assert not SourceItem.objects.exists()


def test_the_actions_apply_to_every_filtered_product_with_select_across(admin_client: Client, sources) -> None:
    products = [make_product(name=f"Bag {n}") for n in range(3)]
    other = make_product(name="Watch")

    response = admin_client.post(
        f"{GRID}?q=Bag",
        {
            "action": "assign_inventory_source",
            "index": 0,
            "select_across": "1",
            "_selected_action": [products[0].pk],
            "apply": "1",
            "sources": ["ne_wh"],
        },
        follow=True,
    )

    assert messages_of(response) == ["Bulk operation was successful: 3 assignments."]
    assert set(stock_of(*products, other)) == {(p.sku, "ne_wh") for p in products}


def test_the_actions_need_the_source_items_permission(client: Client, django_user_model, sources) -> None:
    """Magento_Catalog::products, mapped as the bulk REST routes map it (inventory.change_sourceitem)."""
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_product", "change_product"]))
    client.force_login(clerk)
    product = make_product()

    page = client.get(GRID).content.decode()
    act(client, "assign_inventory_source", [product], sources=["ne_wh"])

    assert "assign_inventory_source" not in page
    assert not SourceItem.objects.exists()


def test_the_form_pages_run_a_constant_number_of_queries(
    admin_client: Client, sources, django_assert_max_num_queries
) -> None:
    products = [holding(make_product(), ne_wh="1", west_wh="1") for _ in range(12)]
    admin_client.get(GRID)

    for action in ("assign_inventory_source", "unassign_inventory_source", "transfer_inventory_to_source"):
        with django_assert_max_num_queries(12):
            act(admin_client, action, products)


def test_delete_goes_through_the_domain_and_keeps_a_product_an_open_order_waits_for(admin_client: Client) -> None:
    """Magento_Catalog's MassDelete (each product through ProductRepository::delete, the refused ones counted);
    Django's own "Delete selected" would skip the reservation check, so it is not offered."""
    gone, waited_for = make_product(quantity=Decimal(3)), make_product(quantity=Decimal(3))
    Reservation.objects.create(
        stock_id=DEFAULT_STOCK_ID, sku=waited_for.sku, quantity=Decimal(-1), event_type="order_placed"
    )

    grid = admin_client.get(GRID).content.decode()
    confirm = act(admin_client, "delete_products", [gone, waited_for]).content.decode()
    response = act(admin_client, "delete_products", [gone, waited_for], apply="1")

    assert '<option value="delete_products">Delete</option>' in grid
    assert "delete_selected" not in grid
    assert "Are you sure you want to delete selected items?" in confirm
    assert messages_of(response) == [
        "A total of 1 record(s) have been deleted.",
        f"A total of 1 record(s) haven't been deleted. The \"{waited_for.sku}\" product couldn't be removed.",
    ]
    assert list(Product.objects.values_list("sku", flat=True)) == [waited_for.sku]
    assert set(stock_of(gone, waited_for)) == {(waited_for.sku, "default")}
