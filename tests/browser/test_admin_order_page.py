"""The order page in a real browser at 1280x800: Magento's tabs (Block/Adminhtml/Order/View/Tabs), each one's content
inside the viewport; the Comments History form with "Notify Customer by Email" (Controller/Adminhtml/Order/
AddComment); and the buttons per state (Model/Order.php canInvoice, canShip, canCancel, canHold, canUnhold)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from sales.models import Order, OrderStatusHistory
from tests.browser.conftest import ARTIFACTS, sync_api

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

USERNAME, PASSWORD = "merchant", "merchant-password"
WIDTH, HEIGHT = 1280, 800
TABS = {  # tab label: what its panel shows first
    "Information": "Order Information",
    "Invoices": "Invoices",
    "Credit Memos": "Credit Memos",
    "Shipments": "Shipments",
    "Comments History": "Comments History",
}


def expect(locator: object) -> object:
    return sync_api.expect(locator)


@pytest.fixture
def small_page(browser: object, live_server: object, django_user_model) -> Iterator[object]:
    """A logged-in merchant's tab at 1280x800."""
    django_user_model.objects.create_superuser(USERNAME, "merchant@example.com", PASSWORD)
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_have_text("Backoffice")
    yield page
    context.close()


@pytest.fixture
def shot(small_page: object) -> Callable[[str], None]:
    folder = ARTIFACTS / "order_page"
    folder.mkdir(parents=True, exist_ok=True)
    return lambda name: small_page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def in_viewport(locator: object) -> None:
    """The element is drawn, and its box lies inside the 1280x800 viewport (no sideways scroll, above the fold)."""
    box = locator.bounding_box()
    assert box is not None, "not drawn"
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= WIDTH
    assert box["y"] >= 0
    assert box["y"] < HEIGHT


def open_order(page: object, order: Order) -> None:
    page.goto(f"/admin/sales/order/{order.pk}/change/")
    expect(page.locator("h2").first).to_contain_text(f"#{order.increment_id}")


def buttons(page: object) -> list[str]:
    """The order's action buttons, without the object tools' history link (Django's, whatever its label)."""
    tools = page.locator(".object-tools li:not(:has(a.historylink))")
    return [text.strip() for text in tools.all_text_contents() if text.strip()]


def test_each_tab_shows_its_content_in_the_viewport(
    small_page: object, shot: Callable[[str], None], tutorial: None
) -> None:
    page = small_page
    order = Order.objects.get()
    open_order(page, order)

    for label, heading in TABS.items():
        page.locator(".page-tabs").get_by_role("tab", name=label).click()
        panel = page.locator(".page-tab:visible")
        expect(panel).to_have_count(1)
        in_viewport(panel.locator("h2").first)
        expect(panel.locator("h2").first).to_contain_text(heading)
        shot(f"tab-{label.lower().replace(' ', '-')}")

    page.locator(".page-tabs").get_by_role("tab", name="Information").click()
    # The Information tab: four boxes two by two, side by side, and no sideways scroll.
    order_box = page.locator("fieldset", has=page.locator("h2", has_text="Order Information"))
    account_box = page.locator("fieldset", has=page.locator("h2", has_text="Account Information"))
    in_viewport(order_box)
    in_viewport(account_box)
    assert account_box.bounding_box()["x"] > order_box.bounding_box()["x"] + order_box.bounding_box()["width"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert page.evaluate("document.documentElement.scrollHeight") < 2000  # no longer a 2,800-pixel column
    in_viewport(page.locator("#items-group td.field-row_total_column").first)  # the last column fits too
    expect(page.locator(".field-customer_group .readonly")).to_have_text("General")
    expect(page.locator(".field-billing_address .readonly")).to_contain_text("United States")
    expect(page.locator(".field-total_paid_column .readonly")).to_have_text("$0.00")
    for button in page.locator(".object-tools li").all():
        in_viewport(button)


def test_a_comment_with_notify_through_the_form(
    small_page: object, shot: Callable[[str], None], tutorial: None, mailoutbox: list
) -> None:
    page = small_page
    order = Order.objects.get()
    open_order(page, order)
    page.locator(".page-tabs").get_by_role("tab", name="Comments History").click()
    comment = page.locator("#id_comment")
    in_viewport(comment)

    comment.fill("Your order leaves Northeast Warehouse tomorrow.")
    page.get_by_label("Notify Customer by Email").check()
    page.get_by_label("Visible on Storefront").check()
    page.get_by_role("button", name="Submit Comment").click()

    expect(page.locator(".messagelist")).to_contain_text("The comment has been added to the order's history.")
    assert page.url.endswith("#history")
    latest = page.locator("ul.comments-history li").first
    expect(latest).to_contain_text("Your order leaves Northeast Warehouse tomorrow.")
    expect(latest).to_contain_text("Customer Notified")
    expect(latest).to_contain_text("Visible on Storefront")
    in_viewport(latest)
    shot("comment-added")
    history = OrderStatusHistory.objects.filter(parent=order).latest("pk")
    assert (history.is_customer_notified, history.is_visible_on_front) == (1, 1)
    assert [mail.subject for mail in mailoutbox if "Update to your" in mail.subject] == [
        "Update to your Main Website Store order"
    ]


def test_the_buttons_of_a_pending_a_held_and_a_canceled_order(
    small_page: object, shot: Callable[[str], None], tutorial: None
) -> None:
    page = small_page
    order = Order.objects.get()
    page.on("dialog", lambda dialog: dialog.accept())  # Magento's "Are you sure you want to cancel this order?"
    open_order(page, order)
    assert buttons(page) == ["Send Email", "Cancel", "Hold", "Invoice", "Ship"]
    shot("buttons-pending")

    page.locator(".object-tools").get_by_role("button", name="Hold").click()
    expect(page.locator(".messagelist")).to_contain_text("You put the order on hold.")
    assert buttons(page) == ["Send Email", "Unhold"]  # no Ship, no Invoice on hold
    expect(page.locator(".field-order_status .readonly")).to_have_text("On Hold")
    page.goto(f"/admin/sales/order/{order.pk}/ship/")  # typed in by hand: refused in words, not "holded"
    expect(page.locator(".messagelist .error")).to_have_text("Cannot do shipment for the order. The order is On Hold.")
    shot("buttons-held")

    page.locator(".object-tools").get_by_role("button", name="Unhold").click()
    page.locator(".object-tools").get_by_role("button", name="Cancel").click()
    expect(page.locator(".messagelist")).to_contain_text("You canceled the order.")
    assert buttons(page) == ["Send Email"]
    expect(page.locator(".field-total_canceled_column .readonly")).to_have_text("$1,917.60")
    expect(page.locator(".field-total_due_column")).to_have_count(0)
    shot("buttons-canceled")
