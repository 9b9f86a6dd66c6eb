"""Catalog > Products: the product's page shows its gallery (Magento's "Images And Videos" section), thumbnails
served from the storage's URLs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import Product, ProductMediaGalleryEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def product() -> Product:
    return Product.objects.create(sku="MB01", name="Joust Duffle Bag", price=Decimal(34))


def test_the_product_page_shows_its_images_with_labels_and_roles(admin_client: Client, product):
    ProductMediaGalleryEntry.objects.create(
        product=product, file="/m/b/mb01-blue-0.jpg", label="Front", types=["image", "thumbnail"]
    )
    ProductMediaGalleryEntry.objects.create(product=product, file="/m/b/mb01-back.png", disabled=True)

    response = admin_client.get(reverse("admin:catalog_product_change", args=[product.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<img src="/media/catalog/product/m/b/mb01-blue-0.jpg" alt="Front"' in html
    assert "Base, Thumbnail" in html
    assert '<img src="/media/catalog/product/m/b/mb01-back.png" alt="/m/b/mb01-back.png"' in html
    assert "No role (hidden)" in html


def test_a_product_without_images_says_so(admin_client: Client, product):
    response = admin_client.get(reverse("admin:catalog_product_change", args=[product.pk]))

    assert "No images" in response.content.decode()


def test_the_page_costs_the_same_queries_with_many_images(admin_client: Client, product, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:catalog_product_change", args=[product.pk])
    ProductMediaGalleryEntry.objects.create(product=product, file="/a/b/ab.jpg")
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    for n in range(10):
        ProductMediaGalleryEntry.objects.create(product=product, file=f"/a/b/ab{n}.jpg")

    with django_assert_max_num_queries(len(one.captured_queries)):
        admin_client.get(url)
