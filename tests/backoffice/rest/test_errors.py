"""Every error under /rest/ is Magento's JSON body: routing, methods, request bodies, domain errors, crashes."""

from __future__ import annotations

import json
import re
from datetime import UTC
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import include, path
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from backoffice.exceptions import DomainError, InputError, NotFoundError, RequiredFieldError
from backoffice.rest.errors import error_body, magento_exception_handler, server_error, validation_error
from backoffice.rest.models import AccessToken
from backoffice.rest.renderers import MagentoJSONRenderer
from sales.models import Invoice, Order

pytestmark = pytest.mark.django_db

TOKEN_URL = "/rest/V1/integration/admin/token"
NO_ROUTE = {"message": "Request does not match any route."}
INVALID_METHOD = {"message": "Request method is invalid."}
DECODING_ERROR = {"message": "Decoding error."}
ENTITY_NOT_FOUND = {"message": "The entity that was requested doesn't exist. Verify the entity and try again."}
INVOICE_READ_REFUSED = {
    "message": "The consumer isn't authorized to access %resources.",
    "parameters": {"resources": "Magento_Sales::sales_invoice"},
}
REPORT = re.compile(r"Internal Error\. Details are available in Magento log file\. Report ID: webapi-[0-9a-f]{13}")


# --- methods: Magento matches a route on method + path, before it looks at the token -------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", "/rest/V1/orders"),  # POST is OrderRepositoryInterface::save
        ("delete", "/rest/V1/orders"),
        ("post", "/rest/default/V1/orders/1"),  # PUT is OrderAddressRepositoryInterface::save
        ("delete", "/rest/V1/orders/1"),
        ("delete", "/rest/V1/invoices"),  # POST is InvoiceRepositoryInterface::save
        ("put", "/rest/V1/invoices/1"),
        ("get", "/rest/V1/order/1/invoice"),
        ("put", "/rest/V1/order/1/invoice"),
        ("get", "/rest/V1/integration/admin/token"),
        ("delete", "/rest/all/V1/integration/admin/token"),
    ],
)
@pytest.mark.parametrize("authenticated", [True, False], ids=["admin", "guest"])
def test_a_wrong_method_on_a_known_path_is_no_route(rest_client, method, path, authenticated):
    client = rest_client if authenticated else APIClient()

    response = getattr(client, method)(path)

    assert response.status_code == 404
    assert response.json() == NO_ROUTE


@pytest.mark.parametrize("method", ["patch", "options"])
@pytest.mark.parametrize("path", ["/rest/V1/orders", "/rest/V1/integration/admin/token", "/rest/V1/nonsense"])
@pytest.mark.parametrize("authenticated", [True, False], ids=["admin", "guest"])
def test_a_method_magento_does_not_speak_is_invalid(rest_client, method, path, authenticated):
    client = rest_client if authenticated else APIClient()

    response = getattr(client, method)(path)

    assert response.status_code == 400
    assert response.json() == INVALID_METHOD


@pytest.mark.parametrize("path", ["/rest/V1/orders?searchCriteria[pageSize]=1", "/rest/V1/nonsense"])
def test_head_is_refused_like_magento_not_served_like_get(rest_client, path):
    response = rest_client.head(path)

    assert response.status_code == 400


# --- request bodies --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"username": "admin",}', b"{'username': 'admin'}", b'{"username": NaN}', b"\xff\xfe{}",
     b'{"username": "admin"', b"[" * 100_000],
    ids=["garbage", "trailing-comma", "single-quotes", "nan", "not-utf8", "truncated", "too-deep"],
)
def test_a_malformed_json_body_is_a_decoding_error(admin_user, body):
    response = APIClient().post(TOKEN_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert response.content == b'{"message":"Decoding error."}'
    assert AccessToken.objects.count() == 0


def test_a_malformed_body_on_an_admin_route_is_a_decoding_error_and_writes_nothing(rest_client, tutorial):
    order = Order.objects.get(customer_email="jdoe@example.com")

    response = rest_client.post(
        f"/rest/V1/order/{order.pk}/invoice", b'{"capture": tru', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == DECODING_ERROR
    assert Invoice.objects.count() == 0


@pytest.mark.parametrize(
    ("content_type", "media_type"),
    [
        ("text/plain", "text/plain"),
        ("text/plain; charset=utf-8", "text/plain"),
        ("application/x-www-form-urlencoded", "application/x-www-form-urlencoded"),
        ("application/xml", "application/xml"),
    ],
)
def test_a_body_in_a_media_type_other_than_json_is_refused(admin_user, content_type, media_type):
    response = APIClient().post(TOKEN_URL, b"username=admin&password=password", content_type=content_type)

    assert response.status_code == 400  # Magento's DeserializerFactory throws a plain (400) Webapi\Exception
    assert response.json() == {"message": f"Server cannot understand Content-Type HTTP header media type {media_type}"}
    assert AccessToken.objects.count() == 0


def test_a_body_without_a_content_type_is_refused(admin_user):
    response = APIClient().generic("POST", TOKEN_URL, b'{"username": "admin", "password": "password"}', content_type="")

    assert response.status_code == 400
    assert response.json() == {"message": "Content-Type header is empty."}
    assert AccessToken.objects.count() == 0


def test_an_empty_body_needs_no_content_type(admin_user):
    response = APIClient().post(TOKEN_URL, b"", content_type="text/plain")

    assert response.status_code == 400
    assert response.json()["message"] == "One or more input exceptions have occurred."


@pytest.mark.parametrize(("charset", "status"), [("utf-8", 200), ("UTF-8", 200), ("iso-8859-1", 400), ("utf-16", 400)])
def test_json_must_be_utf8(admin_user, charset, status):
    response = APIClient().post(
        TOKEN_URL, b'{"username": "admin", "password": "password"}', content_type=f"application/json; charset={charset}"
    )

    assert response.status_code == status
    if status == 400:
        assert response.json() == {"message": "UTF-8 is the only supported charset."}


# --- never an HTML page ----------------------------------------------------------------------------------------


class _Boom(APIView):
    acl_by_method = {"GET": ("anonymous", None)}

    def get(self, request, store_code):
        raise RuntimeError("a real bug")


class _Refuse(APIView):
    acl_by_method = {"GET": ("anonymous", None)}

    def get(self, request, store_code):
        raise DomainError("Something about %1 and %2", parameters=["a", "b"])


urlpatterns = [
    path("rest/V1/", include([path("boom", _Boom.as_view()), path("refuse", _Refuse.as_view())]),
         {"store_code": "default"}),
    path("", include("backoffice.urls")),
]
handler500 = "backoffice.rest.errors.server_error"


@pytest.mark.urls(__name__)
def test_a_crash_under_rest_is_a_masked_json_500(caplog):
    response = APIClient(raise_request_exception=False).get("/rest/V1/boom")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["message"]
    assert REPORT.fullmatch(body["message"])
    assert "a real bug" not in response.content.decode()
    report_id = body["message"].rsplit(" ", 1)[1]
    assert any(report_id in record.getMessage() for record in caplog.records)  # the details stay in the log


@pytest.mark.urls(__name__)
def test_a_domain_error_raised_anywhere_is_rendered_with_its_parameters():
    response = APIClient().get("/rest/V1/refuse")

    assert response.status_code == 400
    assert response.json() == {"message": "Something about %1 and %2", "parameters": ["a", "b"]}


@pytest.mark.parametrize("path", ["/rest/V1/x", "/rest/default/V1/orders", "/rest/"])
def test_the_500_handler_answers_json_under_rest(path):
    response = server_error(RequestFactory().get(path))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert REPORT.fullmatch(json.loads(response.content)["message"])


def test_every_500_gets_its_own_report_id():
    first = server_error(RequestFactory().get("/rest/V1/x")).content

    second = server_error(RequestFactory().get("/rest/V1/x")).content

    assert first != second


@pytest.mark.parametrize("path", ["/admin/", "/", "/restaurant"])
def test_the_500_handler_leaves_other_pages_to_django(path):
    response = server_error(RequestFactory().get(path))

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"Server Error (500)" in response.content


# --- the exception handler and error bodies (Magento's Rest\Response::_renderMessages) -----------------------


def handle(exc: Exception, view: object = None, request: object = None) -> Response:
    response = magento_exception_handler(exc, {"view": view, "request": request})
    assert response is not None
    return response


def test_an_error_without_parameters_has_only_a_message():
    assert error_body(NotFoundError()) == {
        "message": "The entity that was requested doesn't exist. Verify the entity and try again."
    }


def test_an_aggregate_error_lists_its_parts_with_parameters_always_present():
    error = InputError(
        "One or more input exceptions have occurred.",
        errors=[RequiredFieldError("username"), InputError("Something is wrong.")],
    )

    assert error_body(error) == {
        "message": "One or more input exceptions have occurred.",
        "errors": [
            {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "username"}},
            {"message": "Something is wrong.", "parameters": []},
        ],
    }


@pytest.mark.parametrize(
    ("detail", "data", "parameters"),
    [
        ({"cart_item": [ErrorDetail("required", code="required")]}, {}, {"fieldName": "cartItem"}),
        ({"unassign_from_origin": [ErrorDetail("x", code="invalid")]}, {"unassignFromOrigin": "perhaps"},
         {"value": "perhaps", "fieldName": "unassignFromOrigin"}),
        ({"source_items": [{}, {"source_code": [ErrorDetail("x", code="invalid")]}]},
         {"sourceItems": [{}, {"sourceCode": 7}]}, {"value": "7", "fieldName": "sourceItems.1.source_code"}),
    ],
)
def test_validation_errors_name_the_parameter_as_magento_does_and_echo_the_value_sent(detail, data, parameters):
    """The service method's parameter in camelCase, the data object's keys after it; the value however it was keyed."""
    assert validation_error(detail, data).parameters == parameters


@pytest.mark.parametrize(
    ("exc", "status", "body"),
    [
        (NotFoundError(), 404, ENTITY_NOT_FOUND),
        (InputError("Bad %1", parameters=["x"]), 400, {"message": "Bad %1", "parameters": ["x"]}),
        (exceptions.NotFound(), 404, ENTITY_NOT_FOUND),
        (Http404("no such order"), 404, ENTITY_NOT_FOUND),
        (exceptions.NotAuthenticated(), 401, INVOICE_READ_REFUSED),
        (exceptions.PermissionDenied(), 401, INVOICE_READ_REFUSED),
        (exceptions.AuthenticationFailed(), 401, INVOICE_READ_REFUSED),
        (exceptions.ParseError("Decoding error."), 400, DECODING_ERROR),
    ],
)
def test_the_handler_maps_each_exception_to_magentos_status_and_body(exc, status, body):
    class View:
        acl_by_method = {"GET": ("Magento_Sales::sales_invoice", "sales.view_invoice")}

    response = handle(exc, view=View(), request=SimpleNamespace(method="GET", data=None))

    assert (response.status_code, response.data) == (status, body)


def test_a_real_bug_is_left_to_the_500_handler():
    assert magento_exception_handler(ZeroDivisionError(), {"view": None, "request": None}) is None


def test_a_validation_error_on_a_required_field_names_the_field():
    exc = exceptions.ValidationError({"items": [ErrorDetail("This field is required.", code="required")]})

    response = handle(exc, request=type("R", (), {"data": {}})())

    assert (response.status_code, response.data) == (
        400, {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "items"}}
    )


def test_a_validation_error_on_a_nested_value_names_its_path_and_echoes_the_value():
    detail = {"items": [{}, {"qty": [ErrorDetail("A valid number is required.", code="invalid")]}]}

    error = validation_error(detail, {"items": [{"qty": 1}, {"qty": "lots"}]})

    assert error_body(error) == {
        "message": 'Invalid value of "%value" provided for the %fieldName field.',
        "parameters": {"value": "lots", "fieldName": "items.1.qty"},
    }


def test_several_validation_errors_are_aggregated():
    detail = {
        "capture": [ErrorDetail("Must be a valid boolean.", code="invalid")],
        "items": [ErrorDetail("This field is required.", code="required")],
    }

    error = validation_error(detail, {"capture": "perhaps"})

    assert error_body(error) == {
        "message": "One or more input exceptions have occurred.",
        "errors": [
            {"message": 'Invalid value of "%value" provided for the %fieldName field.',
             "parameters": {"value": "perhaps", "fieldName": "capture"}},
            {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "items"}},
        ],
    }


def test_the_domain_error_renders_its_template_for_logs_and_the_admin():
    error = DomainError("%10 then %1 and %name", parameters={"10": "ten", "1": "one", "name": "N"})

    assert str(error) == "ten then one and N"


# --- output rendering ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        (Decimal("300.0000"), b"300"),
        (Decimal("1917.6000"), b"1917.6"),
        (Decimal("-404.4000"), b"-404.4"),
        (Decimal("0.0000"), b"0"),
        (Decimal("-0.0000"), b"0"),
        (Decimal("0.0001"), b"0.0001"),
        (Decimal("12345678.1234"), b"12345678.1234"),
        (Decimal("99999999.9999"), b"99999999.9999"),
        (Decimal("1E+3"), b"1000"),
    ],
)
def test_decimals_render_as_plain_json_numbers(value, rendered):
    assert MagentoJSONRenderer().render({"v": value}) == b'{"v":' + rendered + b"}"


def test_strings_are_escaped_as_phps_json_encode_does():
    body = MagentoJSONRenderer().render({"url": "https://example.com/a", "name": "Zoë’s", "text": "it's \"x\""})

    assert body == b'{"url":"https:\\/\\/example.com\\/a","name":"Zo\\u00eb\\u2019s","text":"it\'s \\"x\\""}'


def test_a_scalar_renders_bare():
    assert MagentoJSONRenderer().render("5r8cvmpr11j6gmau8990rcj2qk7unh8i") == b'"5r8cvmpr11j6gmau8990rcj2qk7unh8i"'
    assert MagentoJSONRenderer().render(17) == b"17"


def test_the_tutorial_order_renders_amounts_and_dates_like_magento(rest_client, tutorial):
    order = Order.objects.get(customer_email="jdoe@example.com")

    response = rest_client.get(f"/rest/V1/orders/{order.pk}")

    raw = response.content.decode()
    for fragment in ['"grand_total":1917.6', '"shipping_amount":300', '"base_discount_amount":-404.4',
                     '"subtotal":2022', '"tax_amount":0', '"total_qty_ordered":61', f'"increment_id":"{order.increment_id}"',
                     '"store_name":"Main Website\\nMain Website Store\\nDefault Store View"']:
        assert fragment in raw
    assert ".0," not in raw
    assert ".0}" not in raw
    body = response.json()
    assert body["created_at"] == order.created_at.strftime("%Y-%m-%d %H:%M:%S")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", body["updated_at"])
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", item["created_at"]) for item in body["items"])


def test_dates_render_in_utc_whatever_the_current_timezone(rest_client, tutorial, settings):
    settings.TIME_ZONE = "America/New_York"
    order = Order.objects.get(customer_email="jdoe@example.com")

    body = rest_client.get(f"/rest/V1/orders/{order.pk}").json()

    assert body["created_at"] == order.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
