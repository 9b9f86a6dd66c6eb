"""The shipment page's "Shipping and Tracking Information": add and remove a tracking number.

Magento_Shipping's Adminhtml/Order/Shipment/AddTrack and RemoveTrack, through ``add_track`` and ``delete_track``
(the functions behind POST /V1/shipment/track and DELETE /V1/shipment/track/{id}), with their permissions. A
refusal is a message and writes nothing.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import URLPattern, path, reverse

from backoffice.exceptions import DomainError

from ..carriers import TRACKING_CARRIERS  # Block/Adminhtml/Order/Tracking::getCarriers
from ..models import Shipment, ShipmentTrack
from ..shipping import Track, add_track, delete_track
from .audit import CHANGE, log

ADD_PERMISSION, REMOVE_PERMISSION = "sales.add_shipmenttrack", "sales.delete_shipmenttrack"  # REST's, same ACL
SPECIFY_CARRIER = "Please specify a carrier."
ENTER_NUMBER = "Please enter a tracking number."
TRACK_NOT_FOUND = "We can't load track with retrieving identifier right now."
TRACK_ADDED = "The tracking number has been added."  # Magento answers the refreshed block; no message
TRACK_REMOVED = "The tracking number has been removed."


class ShipmentTrackingMixin:
    """For ShipmentAdmin: the tracking urls and views, and what the page's Tracking tab shows (tracking_context)."""

    admin_site: admin.AdminSite

    def get_urls(self) -> list[URLPattern]:
        return [*self.tracking_urls(), *super().get_urls()]  # type: ignore[misc]

    def tracking_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/track/add/", view(self.add_track_view), name="sales_shipment_addtrack"),
            path(
                "<path:object_id>/track/<int:track_id>/remove/",
                view(self.remove_track_view),
                name="sales_shipment_removetrack",
            ),
        ]

    def tracking_context(self, request: HttpRequest, shipment: Shipment) -> dict[str, object]:
        may_remove = request.user.has_perm(REMOVE_PERMISSION)
        tracks = [
            (
                track,
                TRACKING_CARRIERS.get(track.carrier_code, track.carrier_code),
                reverse("admin:sales_shipment_removetrack", args=[shipment.pk, track.pk]) if may_remove else None,
            )
            for track in shipment.tracks.all()
        ]
        may_add = request.user.has_perm(ADD_PERMISSION)
        return {
            "tracks": tracks,
            "carriers": TRACKING_CARRIERS.items(),
            "add_track_url": reverse("admin:sales_shipment_addtrack", args=[shipment.pk]) if may_add else None,
        }

    def add_track_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        shipment = self._shipment_for(request, object_id, ADD_PERMISSION)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        carrier = request.POST.get("carrier", "")
        number = request.POST.get("number", "").strip()
        title = request.POST.get("title", "").strip() or (TRACKING_CARRIERS.get(carrier, "") if carrier != "custom" else "")
        if carrier not in TRACKING_CARRIERS:
            return self._back(request, shipment, SPECIFY_CARRIER, messages.ERROR)
        if not number:
            return self._back(request, shipment, ENTER_NUMBER, messages.ERROR)
        try:
            add_track(shipment.pk, Track(number, title, carrier))
        except DomainError as error:
            return self._back(request, shipment, str(error), messages.ERROR)
        log(request, shipment, CHANGE, f"Added tracking number {number}")
        return self._back(request, shipment, TRACK_ADDED, messages.SUCCESS)

    def remove_track_view(self, request: HttpRequest, object_id: str, track_id: int) -> HttpResponse:
        shipment = self._shipment_for(request, object_id, REMOVE_PERMISSION)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        track = ShipmentTrack.objects.filter(pk=track_id, parent=shipment).first()
        if track is None:
            return self._back(request, shipment, TRACK_NOT_FOUND, messages.ERROR)
        try:
            delete_track(track_id)
        except DomainError:  # removed meanwhile
            return self._back(request, shipment, TRACK_NOT_FOUND, messages.ERROR)
        log(request, shipment, CHANGE, f"Removed tracking number {track.track_number}")
        return self._back(request, shipment, TRACK_REMOVED, messages.SUCCESS)

    def _shipment_for(self, request: HttpRequest, object_id: str, permission: str) -> Shipment:
        if not request.user.has_perm(permission):
            raise PermissionDenied
        shipment = Shipment.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if shipment is None:
            raise Http404
        return shipment

    def _back(self, request: HttpRequest, shipment: Shipment, message: str, level: int) -> HttpResponse:
        messages.add_message(request, level, message)
        return HttpResponseRedirect(reverse("admin:sales_shipment_change", args=[shipment.pk]) + "#tracking")
