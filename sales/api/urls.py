"""Sales routes, paths as in Magento_Sales etc/webapi.xml (without the /V1 prefix)."""

from django.urls import path

from . import creditmemos, invoice_actions, management, order_actions, pickup, transactions, views
from .order_save import OrderCreateView, OrderDetailAddressView, OrderListSaveView
from .shipment_actions import urlpatterns as shipment_urlpatterns

urlpatterns = [
    path("orders", OrderListSaveView.as_view()),  # GET list, POST save
    path("orders/create", OrderCreateView.as_view()),  # PUT save
    path("orders/<id:order_id>", OrderDetailAddressView.as_view()),  # GET order, PUT its address
    path("order/<id:order_id>/invoice", views.OrderInvoiceView.as_view()),
    path("order/notify-orders-are-ready-for-pickup", pickup.NotifyOrdersAreReadyForPickupView.as_view()),
    path("invoices/<id:invoice_id>", views.InvoiceDetailView.as_view()),
    path("order/<id:order_id>/ship", views.OrderShipView.as_view()),
    path("shipments", views.ShipmentListView.as_view()),
    path("shipment/<id:shipment_id>", views.ShipmentDetailView.as_view()),
    path("shipment/track", views.ShipmentTrackCreateView.as_view()),
    path("shipment/track/<id:track_id>", views.ShipmentTrackDeleteView.as_view()),
]
urlpatterns += shipment_urlpatterns  # POST /V1/shipment/, /shipment/{id}/comments (GET, POST), /label
urlpatterns += creditmemos.urlpatterns + invoice_actions.urlpatterns + transactions.urlpatterns
urlpatterns += order_actions.urlpatterns + management.urlpatterns
