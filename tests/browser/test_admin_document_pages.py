"""The tutorial's invoice, shipment and credit memo pages (and its order page) in a real browser at 1280x800: the
whole width without the app list at the left, the order page's tabs, each tab's content inside the viewport and
nothing wider than it, and the buttons of each state.

Magento references: Block/Adminhtml/Order/Invoice/View.php (Send Email, Credit Memo while Order::canCreditmemo,
Print), Magento_Shipping Block/Adminhtml/View.php (Send Tracking Information, Print), Block/Adminhtml/Order/
Creditmemo/View.php (Send Email, Print), Controller/Adminhtml/Invoice/AbstractInvoice/Email.php ("You sent the
message.").
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from sales.invoicing import invoice_order
from sales.models import Creditmemo, Invoice, Order, Shipment
from sales.refunds import refund_creditmemo
from sales.shipping import ShipmentLine, ship_order
from tests.browser import test_admin_order_page
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_admin_order_page import WIDTH, buttons, expect, in_viewport

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]
small_page = test_admin_order_page.small_page  # a signed-in merchant's tab at 1280x800

LEFT_EDGE = 40  # the page's content starts here at most; Django's app list at the left would push it past 300
# Any element drawn wider than the viewport: its tag, class and right edge (none expected).
TOO_WIDE = """() => [...document.querySelectorAll("#content *")]
    .map((e) => [e.tagName + "." + e.className, e.getBoundingClientRect().right])
    .filter(([, right]) => right > window.innerWidth)"""


@pytest.fixture
def shot(small_page: object) -> Callable[[str], None]:
    folder = ARTIFACTS / "document_pages"
    folder.mkdir(parents=True, exist_ok=True)
    return lambda name: small_page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.fixture
def documents(tutorial: None) -> tuple[Order, Invoice, Shipment]:
    """The tutorial's order, invoiced and shipped in part from Northeast Warehouse (20 backpacks), with a track."""
    order = Order.objects.get()
    invoice = invoice_order(order, capture=True)
    backpacks = order.items.get(sku="24-WB03")
    shipment = ship_order(order, source_code="ne_wh", items=[ShipmentLine(backpacks.pk, Decimal(20))])
    shipment.tracks.create(order=order, carrier_code="custom", title="DHL", track_number="1Z-TUTORIAL")
    return order, invoice, shipment


def check_layout(page: object, tabs: dict[str, str], shot: Callable[[str], None], name: str) -> None:
    """No app list: the content starts at the left edge; each tab fits and shows its heading on screen;
    nothing is wider than the viewport, on any tab."""
    content = page.locator("#content").bounding_box()
    assert content["x"] < LEFT_EDGE, content
    assert content["x"] + content["width"] <= WIDTH
    expect(page.locator("#nav-sidebar")).to_have_count(0)
    strip = page.locator(".page-tabs")
    for label, heading in tabs.items():
        tab = strip.get_by_role("tab", name=label)
        in_viewport(tab)
        tab.click()
        panel = page.locator(".page-tab:visible")
        expect(panel).to_have_count(1)
        expect(panel.locator("h2").first).to_contain_text(heading)
        in_viewport(panel.locator("h2").first)
        assert page.evaluate(TOO_WIDE) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
        shot(f"{name}-{label.lower().replace(' ', '-')}")
    for button in page.locator(".object-tools li").all():
        in_viewport(button)


def test_the_order_page_uses_the_whole_width(small_page: object, shot: Callable, documents: tuple) -> None:
    order, _, _ = documents
    page = small_page
    page.goto(f"/admin/sales/order/{order.pk}/change/")

    check_layout(
        page,
        {
            "Information": "Order Information",
            "Invoices": "Invoices",
            "Credit Memos": "Credit Memos",
            "Shipments": "Shipments",
            "Comments History": "Comments History",
        },
        shot,
        "order",
    )


def test_the_invoice_page_before_and_after_a_full_refund(
    small_page: object, shot: Callable, documents: tuple, mailoutbox: list
) -> None:
    order, invoice, _ = documents
    page = small_page
    page.on("dialog", lambda dialog: dialog.accept())  # "Are you sure you want to send an invoice email ...?"
    page.goto(f"/admin/sales/invoice/{invoice.pk}/change/")

    check_layout(
        page,
        {"Information": "Order & Account Information", "Items Invoiced": "Items", "Comments History": "Notes"},
        shot,
        "invoice",
    )
    page.locator(".page-tabs").get_by_role("tab", name="Items Invoiced").click()
    in_viewport(page.locator("#tab-items .page-totals"))  # Invoice Totals under the items
    assert buttons(page) == ["Send Email", "Credit Memo", "Print"]

    page.locator(".object-tools").get_by_role("button", name="Send Email").click()
    expect(page.locator(".messagelist")).to_contain_text("You sent the message.")

    refund_creditmemo(order.pk)  # everything paid comes back: nothing left to refund on this invoice
    page.reload()
    assert buttons(page) == ["Send Email", "Print"]
    shot("invoice-refunded")


def test_the_shipment_page(small_page: object, shot: Callable, documents: tuple) -> None:
    _, _, shipment = documents
    page = small_page
    page.goto(f"/admin/sales/shipment/{shipment.pk}/change/")

    check_layout(
        page,
        {
            "Information": "Order & Account Information",
            "Items Shipped": "Items",
            "Tracking (1)": "Shipping and Tracking Information",
            "Comments History": "Notes",
        },
        shot,
        "shipment",
    )
    page.locator(".page-tabs").get_by_role("tab", name="Tracking").click()
    in_viewport(page.locator("#tracking tr.add-track").get_by_role("button", name="Add"))
    expect(page.locator("#tracking")).to_contain_text("1Z-TUTORIAL")
    assert buttons(page) == ["Send Tracking Information", "Print"]


def test_the_credit_memo_page(small_page: object, shot: Callable, documents: tuple) -> None:
    order, _, _ = documents
    refund_creditmemo(order.pk)
    creditmemo = Creditmemo.objects.get()
    page = small_page
    page.goto(f"/admin/sales/creditmemo/{creditmemo.pk}/change/")

    check_layout(
        page,
        {"Information": "Order & Account Information", "Items Refunded": "Items", "Comments History": "Notes"},
        shot,
        "creditmemo",
    )
    page.locator(".page-tabs").get_by_role("tab", name="Items Refunded").click()
    in_viewport(page.locator("#tab-items .page-totals"))  # Credit Memo Totals under the items
    assert buttons(page) == ["Send Email", "Print"]


def test_a_comment_posted_on_the_invoice_page_shows_in_its_tab(
    small_page: object, shot: Callable, documents: tuple, mailoutbox: list
) -> None:
    """Magento's order/comments/view.phtml and Order/Invoice/AddComment: the form in Comments History, the comment
    in the list once posted, back on that tab; an empty one refused with "The comment is missing..."."""
    _, invoice, _ = documents
    page = small_page
    page.goto(f"/admin/sales/invoice/{invoice.pk}/change/")
    page.locator(".page-tabs").get_by_role("tab", name="Comments History").click()
    tab = page.locator("#tab-history")
    in_viewport(tab.get_by_role("button", name="Submit Comment"))

    tab.get_by_role("button", name="Submit Comment").click()
    expect(page.locator(".messagelist")).to_contain_text("The comment is missing. Enter and try again.")

    tab.get_by_label("Comment Text").fill("The parcel leaves tomorrow.")
    tab.get_by_label("Notify Customer by Email").check()
    tab.get_by_role("button", name="Submit Comment").click()

    expect(tab.locator(".comments-history li").first).to_contain_text("The parcel leaves tomorrow.")
    expect(tab).to_be_visible()  # back on the tab it was posted from
    expect(page.locator("#tab-information")).to_be_hidden()
    expect(tab.locator(".comments-history li").first).to_contain_text("Customer Notified")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert invoice.comments.get().comment == "The parcel leaves tomorrow."
    shot("invoice-comment")
