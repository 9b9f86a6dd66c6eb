"""The product media gallery routes, as Magento 2.4.6 serves them.

Routes and ACL: vendor/magento/module-catalog/etc/webapi.xml (/V1/products/:sku/media...). Behaviour and messages:
module-catalog/Model/Product/Gallery/GalleryManagement.php, framework/Api/ImageContentValidator.php (content),
module-catalog/Api/Data/ProductAttributeMediaGalleryEntryInterface.php (the entry's keys),
module-catalog/Model/Product/Media/AttributeManagement.php (media types of an attribute set).
"""

from __future__ import annotations

import base64
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from catalog.models import Product, ProductMediaGalleryEntry

pytestmark = pytest.mark.django_db

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
ALL_ROLES = ["image", "small_image", "thumbnail", "swatch_image"]


def image_bytes(image_format: str = "JPEG", size: tuple[int, int] = (8, 6)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, image_format)
    return buffer.getvalue()


def content(data: bytes | None = None, mime: str = "image/jpeg", name: str = "mb01-blue-0.jpg") -> dict:
    raw = image_bytes() if data is None else data
    return {"base64_encoded_data": base64.b64encode(raw).decode(), "type": mime, "name": name}


def entry(**overrides: object) -> dict:
    return {
        "entry": {
            "media_type": "image",
            "label": "Front",
            "position": 1,
            "disabled": False,
            "types": ["image"],
            "content": content(),
        }
        | overrides
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def product() -> Product:
    return Product.objects.create(sku="MB01", name="Joust Duffle Bag", price=Decimal(34))


def stored_files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def post(client, sku: str, body: object):
    return client.post(f"/rest/V1/products/{sku}/media", body, format="json")


# --- getList -----------------------------------------------------------------------------------------------


def test_a_product_without_images_lists_an_empty_gallery(rest_client, product):
    response = rest_client.get("/rest/V1/products/MB01/media")

    assert response.status_code == 200
    assert response.json() == []


def test_listing_an_unknown_product_is_magentos_404(rest_client):
    response = rest_client.get("/rest/V1/products/NOPE/media")

    assert response.status_code == 404
    assert response.json() == {
        "message": "The product that was requested doesn't exist. Verify the product and try again."
    }


# --- create ------------------------------------------------------------------------------------------------


def test_create_stores_the_image_and_answers_the_new_id(rest_client, product, media_root):
    sent = image_bytes()

    response = post(rest_client, "MB01", entry(types=None, content=content(sent)))

    assert response.status_code == 200
    created = ProductMediaGalleryEntry.objects.get()
    assert response.json() == created.pk
    listed = rest_client.get("/rest/V1/products/MB01/media").json()
    # The first image of a product without roles named takes every role (GalleryManagement::create).
    assert listed == [
        {
            "id": created.pk,
            "media_type": "image",
            "label": "Front",
            "position": 1,
            "disabled": False,
            "types": ALL_ROLES,
            "file": "/m/b/mb01-blue-0.jpg",
        }
    ]
    assert (media_root / "catalog/product/m/b/mb01-blue-0.jpg").read_bytes() == sent


def test_a_png_is_stored_with_its_extension_and_names_are_kept_unique(rest_client, product, media_root):
    png = content(image_bytes("PNG"), "image/png", "mb01 blue")

    first = post(rest_client, "MB01", entry(content=png)).json()
    second = post(rest_client, "MB01", entry(content=png)).json()

    files = [e.file for e in ProductMediaGalleryEntry.objects.order_by("pk")]
    assert files[0] == "/m/b/mb01_blue.png"
    assert files[1].startswith("/m/b/mb01_blue_")
    assert first != second
    assert len(stored_files(media_root)) == 2


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"entry": {"media_type": "image"}}, "The image content is invalid. Verify the content and try again."),
        (entry(content=content(b"hello, not an image")), "The image content must be valid base64 encoded data."),
        (
            entry(content={"base64_encoded_data": "%%% not base64", "type": "image/jpeg", "name": "a.jpg"}),
            "The image content must be valid base64 encoded data.",
        ),
        (
            entry(content={"base64_encoded_data": "", "type": "image/jpeg", "name": "a.jpg"}),
            "The image content must be valid base64 encoded data.",
        ),
        (entry(content=content(image_bytes()[:40])), "The image content must be valid base64 encoded data."),
        (
            entry(content=content(image_bytes("PNG"), "image/jpeg")),
            "The image MIME type is not valid or not supported.",
        ),
        (entry(content=content(image_bytes("BMP"), "image/bmp")), "The image MIME type is not valid or not supported."),
        (
            entry(content=content(image_bytes(), "image/jpeg", "../../etc/passwd")),
            "Provided image name contains forbidden characters.",
        ),
        (entry(content=content(image_bytes(), "image/jpeg", "")), "Provided image name contains forbidden characters."),
    ],
    ids=[
        "no content",
        "not an image",
        "not base64",
        "empty",
        "truncated",
        "png declared as jpeg",
        "bmp",
        "path in name",
        "empty name",
    ],
)
def test_bad_content_is_magentos_400_and_stores_nothing(rest_client, product, media_root, sent, message):
    response = post(rest_client, "MB01", sent)

    assert response.status_code == 400
    assert response.json()["message"] == message
    assert not ProductMediaGalleryEntry.objects.exists()
    assert stored_files(media_root) == []


def test_an_image_over_the_size_limit_is_refused(rest_client, product, media_root, settings):
    settings.MEDIA_IMAGE_MAX_BYTES = 100

    response = post(rest_client, "MB01", entry())

    assert response.status_code == 400
    assert response.json() == {"message": "The image is larger than the %1 bytes allowed.", "parameters": [100]}
    assert stored_files(media_root) == []
    assert not ProductMediaGalleryEntry.objects.exists()


def test_an_image_over_the_dimension_limit_is_refused(rest_client, product, media_root, settings):
    settings.MEDIA_IMAGE_MAX_DIMENSION = 5

    response = post(rest_client, "MB01", entry())

    assert response.status_code == 400
    assert response.json() == {"message": "The image is larger than %1 pixels a side.", "parameters": [5]}
    assert stored_files(media_root) == []


def test_huge_base64_is_refused_before_decoding(rest_client, product, media_root, settings):
    settings.MEDIA_IMAGE_MAX_BYTES = 1_000
    huge = {"base64_encoded_data": "A" * 200_000, "type": "image/jpeg", "name": "a.jpg"}

    response = post(rest_client, "MB01", entry(content=huge))

    assert response.status_code == 400
    assert response.json()["parameters"] == [1_000]
    assert stored_files(media_root) == []


def test_a_body_over_the_upload_limit_is_a_413(rest_client, product, media_root, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = post(rest_client, "MB01", entry(content=content(b"x" * 20_000)))

    assert response.status_code == 413
    assert stored_files(media_root) == []


@pytest.mark.parametrize("where", ["base64_encoded_data", "name", "label"])
def test_nul_bytes_are_a_400(rest_client, product, media_root, where):
    body = entry()
    if where == "label":
        body["entry"]["label"] = "a\x00b"
    else:
        body["entry"]["content"][where] += "\x00"

    response = rest_client.post("/rest/V1/products/MB01/media", json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert stored_files(media_root) == []
    assert not ProductMediaGalleryEntry.objects.exists()


def test_an_unknown_role_is_refused(rest_client, product, media_root):
    response = post(rest_client, "MB01", entry(types=["hero"]))

    assert response.status_code == 400
    assert response.json() == {
        "message": 'Invalid value of "%value" provided for the %fieldName field.',
        "parameters": {"value": "hero", "fieldName": "types"},
    }
    assert stored_files(media_root) == []


def test_creating_on_an_unknown_product_is_a_404_and_stores_nothing(rest_client, media_root):
    response = post(rest_client, "NOPE", entry())

    assert response.status_code == 404
    assert stored_files(media_root) == []


def test_a_role_given_to_a_new_image_is_taken_from_the_others(rest_client, product):
    first = post(rest_client, "MB01", entry(types=None)).json()
    second = post(rest_client, "MB01", entry(types=["thumbnail"])).json()

    types = dict(ProductMediaGalleryEntry.objects.values_list("pk", "types"))
    assert types == {first: ["image", "small_image", "swatch_image"], second: ["thumbnail"]}


# --- get ---------------------------------------------------------------------------------------------------


def test_get_one_entry(rest_client, product):
    entry_id = post(rest_client, "MB01", entry()).json()

    response = rest_client.get(f"/rest/V1/products/MB01/media/{entry_id}")

    assert response.status_code == 200
    assert response.json() == {
        "id": entry_id,
        "media_type": "image",
        "label": "Front",
        "position": 1,
        "disabled": False,
        "types": ["image"],
        "file": "/m/b/mb01-blue-0.jpg",
    }


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("NOPE/media/1", "The product doesn't exist. Verify and try again."),
        ("MB01/media/999", "The image doesn't exist. Verify and try again."),
    ],
)
def test_get_unknown_is_magentos_404(rest_client, product, path, message):
    response = rest_client.get(f"/rest/V1/products/{path}")

    assert response.status_code == 404
    assert response.json() == {"message": message}


def test_an_impossible_entry_id_matches_no_route(rest_client, product):
    response = rest_client.get(f"/rest/V1/products/MB01/media/{2**70}")

    assert response.status_code == 404


# --- update ------------------------------------------------------------------------------------------------


def test_update_changes_the_fields_sent_and_moves_roles(rest_client, product):
    first = post(rest_client, "MB01", entry(types=None)).json()
    second = post(rest_client, "MB01", entry(types=[])).json()

    response = rest_client.put(
        f"/rest/V1/products/MB01/media/{second}",
        {"entry": {"label": "Back", "position": 2, "disabled": True, "types": ["image"]}},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() is True
    changed = ProductMediaGalleryEntry.objects.get(pk=second)
    assert (changed.label, changed.position, changed.disabled, changed.types) == ("Back", 2, True, ["image"])
    assert ProductMediaGalleryEntry.objects.get(pk=first).types == ["small_image", "thumbnail", "swatch_image"]


def test_update_with_content_replaces_the_file(rest_client, product, media_root, django_capture_on_commit_callbacks):
    entry_id = post(rest_client, "MB01", entry()).json()
    png = content(image_bytes("PNG"), "image/png", "mb01-back.png")

    with django_capture_on_commit_callbacks(execute=True):
        response = rest_client.put(
            f"/rest/V1/products/MB01/media/{entry_id}", {"entry": {"content": png}}, format="json"
        )

    assert response.status_code == 200
    assert ProductMediaGalleryEntry.objects.get().file == "/m/b/mb01-back.png"
    assert stored_files(media_root) == ["catalog/product/m/b/mb01-back.png"]


def test_update_with_bad_content_changes_nothing(rest_client, product, media_root):
    entry_id = post(rest_client, "MB01", entry()).json()
    before = stored_files(media_root)

    response = rest_client.put(
        f"/rest/V1/products/MB01/media/{entry_id}",
        {"entry": {"label": "X", "content": content(image_bytes("PNG"), "image/gif")}},
        format="json",
    )

    assert response.status_code == 400
    assert ProductMediaGalleryEntry.objects.get().label == "Front"
    assert stored_files(media_root) == before


@pytest.mark.parametrize("path", ["MB01/media/999", "NOPE/media/1"])
def test_update_unknown_is_a_404(rest_client, product, path):
    response = rest_client.put(f"/rest/V1/products/{path}", {"entry": {"label": "X"}}, format="json")

    assert response.status_code == 404


def test_update_unknown_entry_is_magentos_message(rest_client, product):
    response = rest_client.put("/rest/V1/products/MB01/media/999", {"entry": {"label": "X"}}, format="json")

    assert response.json() == {"message": "No image with the provided ID was found. Verify the ID and try again."}


def test_the_entry_a_get_returns_sent_back_changes_nothing(rest_client, product, media_root):
    post(rest_client, "MB01", entry(types=None))
    entry_id = post(rest_client, "MB01", entry(label="Side", types=[])).json()
    gallery = rest_client.get("/rest/V1/products/MB01/media").json()
    files = stored_files(media_root)
    got = rest_client.get(f"/rest/V1/products/MB01/media/{entry_id}").json()

    response = rest_client.put(f"/rest/V1/products/MB01/media/{entry_id}", {"entry": got}, format="json")

    assert response.status_code == 200
    assert rest_client.get("/rest/V1/products/MB01/media").json() == gallery
    assert stored_files(media_root) == files


def test_an_unknown_key_in_the_entry_is_refused(rest_client, product):
    response = post(rest_client, "MB01", entry(colour="red"))

    assert response.status_code == 400
    assert response.json()["parameters"][0] == "Colour"


# --- remove ------------------------------------------------------------------------------------------------


def test_delete_removes_the_entry_and_its_file(rest_client, product, media_root, django_capture_on_commit_callbacks):
    entry_id = post(rest_client, "MB01", entry()).json()

    with django_capture_on_commit_callbacks(execute=True):
        response = rest_client.delete(f"/rest/V1/products/MB01/media/{entry_id}")

    assert response.status_code == 200
    assert response.json() is True
    assert not ProductMediaGalleryEntry.objects.exists()
    assert stored_files(media_root) == []


def test_delete_unknown_is_magentos_404(rest_client, product):
    response = rest_client.delete("/rest/V1/products/MB01/media/999")

    assert response.status_code == 404
    assert response.json() == {"message": "No image with the provided ID was found. Verify the ID and try again."}


# --- media types -------------------------------------------------------------------------------------------


def test_media_types_of_the_default_attribute_set(rest_client):
    response = rest_client.get("/rest/V1/products/media/types/Default")

    assert response.status_code == 200
    assert [(a["attribute_code"], a["frontend_input"]) for a in response.json()] == [
        (role, "media_image") for role in ALL_ROLES
    ]
    image = response.json()[0]
    assert (image["attribute_id"], image["default_frontend_label"], image["scope"], image["backend_type"]) == (
        87, "Base", "store", "varchar")
    assert (image["used_in_product_listing"], image["is_unique"], image["entity_type_id"]) == ("1", "0", "4")
    assert list(image)[-2:] == ["is_unique", "validation_rules"]  # Magento's getter order, as every attribute body


def test_media_types_of_an_unknown_attribute_set_are_empty(rest_client):
    assert rest_client.get("/rest/V1/products/media/types/Bags").json() == []


# --- ACL ---------------------------------------------------------------------------------------------------


def test_a_reader_lists_but_cannot_add(staff_client_with, product, media_root):
    reader = staff_client_with("catalog.view_product")

    assert reader.get("/rest/V1/products/MB01/media").status_code == 200
    response = post(reader, "MB01", entry())

    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Catalog::catalog"}}
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "MB01/media"),
        ("get", "MB01/media/1"),
        ("post", "MB01/media"),
        ("put", "MB01/media/1"),
        ("delete", "MB01/media/1"),
        ("get", "media/types/Default"),
    ],
)
def test_a_guest_is_refused(client, product, method, path):
    response = getattr(client, method)(f"/rest/V1/products/{path}", content_type="application/json")

    assert response.status_code == 401


# --- the product's body --------------------------------------------------------------------------------------


def test_the_product_body_carries_its_gallery(rest_client, product):
    entry_id = post(rest_client, "MB01", entry()).json()

    body = rest_client.get("/rest/V1/products/MB01").json()

    assert body["media_gallery_entries"] == [
        {
            "id": entry_id,
            "media_type": "image",
            "label": "Front",
            "position": 1,
            "disabled": False,
            "types": ["image"],
            "file": "/m/b/mb01-blue-0.jpg",
        }
    ]


def test_a_product_page_costs_the_same_queries_with_images(rest_client, product, django_assert_max_num_queries):
    for n in range(5):
        other = Product.objects.create(sku=f"P{n}", name=f"P{n}", price=1)
        ProductMediaGalleryEntry.objects.create(product=other, file=f"/p/{n}/p{n}.jpg", types=[])
        ProductMediaGalleryEntry.objects.create(product=other, file=f"/p/{n}/p{n}b.jpg", types=[])
    url = "/rest/V1/products?searchCriteria[pageSize]=20"
    with django_assert_max_num_queries(20) as one_page:
        rest_client.get(url)
    baseline = len(one_page.captured_queries)
    for n in range(5, 15):
        other = Product.objects.create(sku=f"P{n}", name=f"P{n}", price=1)
        ProductMediaGalleryEntry.objects.create(product=other, file=f"/p/{n}/p{n}.jpg", types=[])

    with django_assert_max_num_queries(baseline):
        body = rest_client.get(url).json()

    assert sum(len(item["media_gallery_entries"]) for item in body["items"]) == 20


# --- the routes of module-catalog/etc/webapi.xml -------------------------------------------------------------

MEDIA_ROUTES = [
    ("GET", "/V1/products/media/types/:attributeSetName", "Magento_Catalog::attributes_attributes"),
    ("GET", "/V1/products/:sku/media/:entryId", "Magento_Catalog::attributes_attributes"),
    ("POST", "/V1/products/:sku/media", "Magento_Catalog::catalog"),
    ("PUT", "/V1/products/:sku/media/:entryId", "Magento_Catalog::catalog"),
    ("DELETE", "/V1/products/:sku/media/:entryId", "Magento_Catalog::catalog"),
    ("GET", "/V1/products/:sku/media", "Magento_Catalog::catalog"),
]


@pytest.mark.parametrize(("method", "url", "resource"), MEDIA_ROUTES, ids=[f"{m} {u}" for m, u, _ in MEDIA_ROUTES])
def test_magentos_media_route_is_served_with_its_acl_resource(method, url, resource):
    import re

    from django.urls import resolve

    from backoffice.rest.acl import acl_of

    match = resolve("/rest" + re.sub(r":(\w+)", lambda m: "1" if m.group(1) == "entryId" else "x", url))
    view = match.func.view_class

    assert hasattr(view, method.lower())
    assert acl_of(view, method)[0] == resource


def test_deleting_the_product_removes_its_images(rest_client, product, media_root, django_capture_on_commit_callbacks):
    post(rest_client, "MB01", entry())

    with django_capture_on_commit_callbacks(execute=True):
        response = rest_client.delete("/rest/V1/products/MB01")

    assert response.status_code == 200
    assert not ProductMediaGalleryEntry.objects.exists()
    assert stored_files(media_root) == []


def test_a_full_gallery_refuses_another_image(rest_client, product, media_root, settings):
    settings.MEDIA_GALLERY_MAX_ENTRIES = 1
    post(rest_client, "MB01", entry())
    before = stored_files(media_root)

    response = post(rest_client, "MB01", entry())

    assert response.status_code == 400
    assert response.json() == {"message": "A product can have at most %1 images.", "parameters": [1]}
    assert stored_files(media_root) == before
    assert ProductMediaGalleryEntry.objects.count() == 1


def test_a_first_image_with_no_roles_takes_them_all_as_in_php(rest_client, product):
    """GalleryManagement::create tests `$entry->getTypes() == null`, which an empty array satisfies in PHP."""
    post(rest_client, "MB01", entry(types=[]))

    assert ProductMediaGalleryEntry.objects.get().types == ALL_ROLES


def test_a_decompression_bomb_is_refused_as_too_large(rest_client, product, media_root, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)

    response = post(rest_client, "MB01", entry())

    assert response.status_code == 400
    assert response.json()["message"] == "The image is larger than %1 pixels a side."
    assert stored_files(media_root) == []


def test_a_retry_with_the_same_idempotency_key_stores_one_image(rest_client, product, media_root):
    body = entry()

    first = rest_client.post("/rest/V1/products/MB01/media", body, format="json", HTTP_IDEMPOTENCY_KEY="img-1")
    again = rest_client.post("/rest/V1/products/MB01/media", body, format="json", HTTP_IDEMPOTENCY_KEY="img-1")

    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert ProductMediaGalleryEntry.objects.count() == 1
    assert len(stored_files(media_root)) == 1
