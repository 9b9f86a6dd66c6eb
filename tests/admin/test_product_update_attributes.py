"""Catalog > Products mass actions of Magento_Catalog: Change status (Enable, Disable) and Update attributes, for
the attributes stored here (Product Name, Price, Weight, Enable Product, Visibility).

Magento: module-catalog's view/adminhtml/ui_component/product_listing.xml (the actions),
Controller/Adminhtml/Product/MassStatus.php ("A total of %1 record(s) have been updated."),
Controller/Adminhtml/Product/Action/Attribute/Save.php (Magento_Catalog::update_attributes; 2.4 queues the update
and says "Message is added to queue": here it runs at once; validateProductAttributes: each attribute's backend),
Helper/Product/Edit/Action/Attribute.php (every attribute but the unique ones, weight only for its apply_to types:
Setup/CategorySetup.php "simple,virtual"), Product/Attribute/Backend/Weight.php, Model/Product/Action::updateAttributes.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from catalog.models import Product
from tests.admin.conftest import make_product

pytestmark = pytest.mark.django_db

GRID = reverse("admin:catalog_product_changelist")


def post(client: Client, action: str, products: list[Product], **fields: object):
    data = {"action": action, "index": 0, "_selected_action": [p.pk for p in products], **fields}
    return client.post(GRID, data, follow="apply" in fields or action != "update_product_attributes")


def values(*products: Product) -> list[tuple[int, Decimal]]:
    return [Product.objects.values_list("status", "price").get(pk=p.pk) for p in products]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_change_status_disables_and_enables_the_selected_products(admin_client: Client) -> None:
    first, second, other = make_product(), make_product(), make_product()

    disabled = post(admin_client, "disable_products", [first, second])
    assert messages_of(disabled) == ["A total of 2 record(s) have been updated."]
    assert [status for status, _ in values(first, second, other)] == [2, 2, 1]

    post(admin_client, "enable_products", [first])
    assert [status for status, _ in values(first, second)] == [1, 2]


def test_update_attributes_sets_status_and_price(admin_client: Client) -> None:
    first, second, other = make_product(), make_product(), make_product()

    page = post(admin_client, "update_product_attributes", [first, second]).content.decode()
    response = post(admin_client, "update_product_attributes", [first, second], apply="1", status="2", price="19.90")

    assert "You selected <strong>2</strong> products." in page
    assert "-- Do not change --" in page
    assert messages_of(response) == ["A total of 2 record(s) have been updated."]
    assert values(first, second, other) == [(2, Decimal("19.9")), (2, Decimal("19.9")), (1, Decimal(10))]


def test_update_attributes_leaves_a_blank_field_as_it_is(admin_client: Client) -> None:
    product = make_product(price=Decimal("7"))

    post(admin_client, "update_product_attributes", [product], apply="1", status="", price="8")

    assert values(product) == [(1, Decimal(8))]


def test_update_attributes_sets_name_weight_and_visibility(admin_client: Client) -> None:
    first, second, other = make_product(), make_product(), make_product()

    page = post(admin_client, "update_product_attributes", [first, second]).content.decode()
    post(
        admin_client, "update_product_attributes", [first, second], apply="1", name="Bag", weight="1.5", visibility="1"
    )

    for label in ("Enable Product", "Product Name", "Price", "Weight", "Visibility"):
        assert f">{label}:</label>" in page
    rows = Product.objects.filter(pk__in=[first.pk, second.pk, other.pk]).order_by("pk")
    assert [(p.name, p.weight, p.visibility) for p in rows] == [
        ("Bag", Decimal("1.5"), 1),
        ("Bag", Decimal("1.5"), 1),
        (other.name, None, 4),
    ]


def test_weight_is_not_offered_for_a_downloadable_product(admin_client: Client) -> None:
    simple, downloadable = make_product(), make_product(type_id="downloadable")

    page = post(admin_client, "update_product_attributes", [simple, downloadable]).content.decode()
    post(admin_client, "update_product_attributes", [simple, downloadable], apply="1", name="Kit", weight="3")

    assert ">Weight:</label>" not in page
    assert ">Product Name:</label>" in page
    assert list(Product.objects.filter(name="Kit").values_list("weight", flat=True)) == [None, None]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"status": "", "price": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"status": "", "price": ""}, "Choose at least one attribute to change."),
        ({"status": "", "name": "x" * 256}, "Ensure this value has at most 255 characters (it has 256)."),
        ({"status": "", "weight": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"status": "", "visibility": "7"}, "Select a valid choice. 7 is not one of the available choices."),
        ({"status": "9", "price": ""}, "Select a valid choice. 9 is not one of the available choices."),
    ],
)
def test_a_refused_update_says_why_and_writes_nothing(admin_client: Client, fields: dict, error: str) -> None:
    product = make_product()

    response = post(admin_client, "update_product_attributes", [product], apply="1", **fields)

    assert error in response.content.decode()
    assert values(product) == [(1, Decimal(10))]


def test_the_actions_need_the_change_permission(client: Client, django_user_model) -> None:
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_product"))
    client.force_login(viewer)
    product = make_product()

    page = client.get(GRID).content.decode()
    post(client, "disable_products", [product])

    assert "disable_products" not in page
    assert values(product) == [(1, Decimal(10))]


def test_the_form_page_runs_a_constant_number_of_queries(admin_client: Client, django_assert_max_num_queries) -> None:
    products = [make_product() for _ in range(15)]
    admin_client.get(GRID)

    with django_assert_max_num_queries(10):  # with the user's grid bookmarks and the types (weight)
        post(admin_client, "update_product_attributes", products)
