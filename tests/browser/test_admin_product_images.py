"""Catalog > Products: the product's page shows its images, loaded by the browser from the storage's URLs, inside
a laptop's screen (Magento's "Images And Videos" section of the product form)."""

from __future__ import annotations

import base64
import io
from decimal import Decimal

import pytest
from django.urls import re_path
from django.views.static import serve
from PIL import Image

from catalog.media import create_entry
from catalog.models import Product
from tests.browser.test_admin_walkthrough import expect, log_in, merchant

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

__all__ = ["merchant"]  # the fixture, used by name

urlpatterns: list = []  # this module is the ROOT_URLCONF: the project's routes, and MEDIA_URL served as in the demo


@pytest.fixture
def media_served(settings, tmp_path) -> None:
    from backoffice import urls

    settings.MEDIA_ROOT = tmp_path
    urlpatterns[:] = [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": tmp_path}), *urls.urlpatterns]
    settings.ROOT_URLCONF = __name__


def jpeg(width: int, height: int) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 200)).save(buffer, "JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_the_product_page_shows_its_images_on_a_laptop_screen(page, media_served, merchant, screenshot) -> None:
    product = Product.objects.create(sku="24-MB01", name="Joust Duffle Bag", price=Decimal(34))
    for n, size in enumerate([(1200, 800), (300, 900), (640, 640)]):
        content = {"base64_encoded_data": jpeg(*size), "type": "image/jpeg", "name": f"mb01-{n}.jpg"}
        create_entry("24-MB01", {"label": f"View {n}", "content": content})
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page)

    page.goto(f"/admin/catalog/product/{product.pk}/change/")

    images = page.locator(".product-image img")
    expect(images).to_have_count(3)
    for index in range(3):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")  # loaded from MEDIA_URL
        box = image.bounding_box()
        assert box is not None
        assert box["width"] <= 120.5
        assert box["height"] <= 120.5
        assert box["x"] + box["width"] <= 1280
    expect(page.locator(".product-image figcaption").first).to_contain_text("View 0")
    screenshot("product-images")
