"""Sales > Shipments > a shipment: "Shipping and Tracking Information", add and remove a tracking number.

Magento: Magento_Shipping's Controller/Adminhtml/Order/Shipment/AddTrack.php and RemoveTrack.php (ADMIN_RESOURCE
Magento_Sales::shipment), Block/Adminhtml/Order/Tracking.php::getCarriers ("Custom Value" first, then the
carriers' titles), Magento_OfflineShipping's etc/config.xml (Flat Rate, Best Way, Free Shipping).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from sales.models import Order, Shipment, ShipmentTrack
from sales.shipping import Track, add_track, ship_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment(order_factory: Callable[..., Order]) -> Shipment:
    order = order_factory(stock=5)
    return ship_order(order)


def page_url(shipment: Shipment) -> str:
    return reverse("admin:sales_shipment_change", args=[shipment.pk])


def add_url(shipment: Shipment) -> str:
    return reverse("admin:sales_shipment_addtrack", args=[shipment.pk])


def remove_url(track: ShipmentTrack) -> str:
    return reverse("admin:sales_shipment_removetrack", args=[track.parent_id, track.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_shipment_page_offers_magentos_carriers(admin_client: Client, shipment: Shipment) -> None:
    page = admin_client.get(page_url(shipment)).content.decode()

    assert "Shipping and Tracking Information" in page
    assert f'action="{add_url(shipment)}"' in page
    for code, title in (
        ("custom", "Custom Value"),
        ("flatrate", "Flat Rate"),
        ("tablerate", "Best Way"),
        ("freeshipping", "Free Shipping"),
    ):
        assert f'<option value="{code}">{title}</option>' in page


def test_adding_a_tracking_number_goes_through_add_track(admin_client: Client, shipment: Shipment) -> None:
    response = admin_client.post(
        add_url(shipment), {"carrier": "custom", "title": "DHL Express", "number": "1Z999"}, follow=True
    )

    assert messages_of(response) == ["The tracking number has been added."]
    track = ShipmentTrack.objects.get()
    assert (track.parent_id, track.order_id, track.carrier_code, track.title, track.track_number) == (
        shipment.pk,
        shipment.order_id,
        "custom",
        "DHL Express",
        "1Z999",
    )
    page = response.content.decode()
    assert "1Z999" in page
    assert "DHL Express" in page
    assert f'action="{remove_url(track)}"' in page


def test_a_carrier_without_title_takes_the_carriers_title(admin_client: Client, shipment: Shipment) -> None:
    """Magento's tracking form copies the chosen carrier's name into Title (Tracking.phtml's selectCarrier)."""
    admin_client.post(add_url(shipment), {"carrier": "flatrate", "title": "", "number": "FR-1"})

    assert ShipmentTrack.objects.get().title == "Flat Rate"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"carrier": "", "title": "x", "number": "1"}, "Please specify a carrier."),
        ({"carrier": "custom", "title": "x", "number": " "}, "Please enter a tracking number."),
        ({"carrier": "ups", "title": "x", "number": "1"}, "Please specify a carrier."),
    ],
)
def test_a_refused_track_says_why_and_writes_nothing(
    admin_client: Client, shipment: Shipment, data: dict, message: str
) -> None:
    response = admin_client.post(add_url(shipment), data, follow=True)

    assert messages_of(response) == [message]
    assert not ShipmentTrack.objects.exists()


def test_removing_a_tracking_number_goes_through_delete_track(admin_client: Client, shipment: Shipment) -> None:
    kept = add_track(shipment.pk, Track("KEEP-1", "Flat Rate", "flatrate"))
    gone = add_track(shipment.pk, Track("GONE-1", "Flat Rate", "flatrate"))

    response = admin_client.post(remove_url(gone), follow=True)

    assert messages_of(response) == ["The tracking number has been removed."]
    assert list(ShipmentTrack.objects.values_list("pk", flat=True)) == [kept.pk]


def test_removing_a_track_already_gone_says_so(admin_client: Client, shipment: Shipment) -> None:
    track = add_track(shipment.pk, Track("GONE-1", "Flat Rate", "flatrate"))
    url = remove_url(track)
    track.delete()

    response = admin_client.post(url, follow=True)

    assert messages_of(response) == ["We can't load track with retrieving identifier right now."]


def test_a_track_of_another_shipment_is_not_removed(admin_client: Client, order_factory: Callable) -> None:
    first = ship_order(order_factory(stock=5))
    second = ship_order(order_factory(stock=5))
    track = add_track(second.pk, Track("T-1", "Flat Rate", "flatrate"))

    admin_client.post(reverse("admin:sales_shipment_removetrack", args=[first.pk, track.pk]))

    assert ShipmentTrack.objects.filter(pk=track.pk).exists()


def test_tracking_needs_post(admin_client: Client, shipment: Shipment) -> None:
    assert admin_client.get(add_url(shipment)).status_code == 405


def test_tracking_needs_the_tracking_permissions(client: Client, django_user_model, shipment: Shipment) -> None:
    """Magento_Sales::shipment, as POST /V1/shipment/track and DELETE /V1/shipment/track/{id} map it."""
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_shipment"))
    client.force_login(viewer)
    track = add_track(shipment.pk, Track("T-1", "Flat Rate", "flatrate"))

    page = client.get(page_url(shipment)).content.decode()
    added = client.post(add_url(shipment), {"carrier": "custom", "title": "x", "number": "N-2"})
    removed = client.post(remove_url(track))

    assert "T-1" in page  # the tracks are shown, without the forms
    assert add_url(shipment) not in page
    assert remove_url(track) not in page
    assert (added.status_code, removed.status_code) == (403, 403)
    assert list(ShipmentTrack.objects.values_list("track_number", flat=True)) == ["T-1"]


def test_the_shipment_page_runs_a_constant_number_of_queries(
    admin_client: Client, shipment: Shipment, django_assert_max_num_queries
) -> None:
    for n in range(10):
        add_track(shipment.pk, Track(f"T-{n}", "Flat Rate", "flatrate"))
    admin_client.get(page_url(shipment))  # warm the session

    with django_assert_max_num_queries(20):
        admin_client.get(page_url(shipment))


def test_tracking_changes_are_in_the_shipments_admin_log(admin_client: Client, shipment: Shipment) -> None:
    admin_client.post(add_url(shipment), {"carrier": "custom", "title": "DHL", "number": "1Z999"})
    admin_client.post(add_url(shipment), {"carrier": "", "title": "DHL", "number": "REFUSED"})
    admin_client.post(remove_url(ShipmentTrack.objects.get()))

    history = admin_client.get(reverse("admin:sales_shipment_history", args=[shipment.pk])).content.decode()

    assert "Added tracking number 1Z999" in history
    assert "Removed tracking number 1Z999" in history
    assert "REFUSED" not in history
