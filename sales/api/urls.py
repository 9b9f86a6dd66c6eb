"""Sales routes, paths as in Magento_Sales etc/webapi.xml (without the /V1 prefix)."""

from django.urls import path

from . import creditmemos, invoice_actions, notifications, order_actions, pickup, transactions, views
from .order_save import OrderCreateView, OrderDetailAddressView, OrderListSaveView

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
    path("shipment/<id:shipment_id>/comments", views.ShipmentCommentsView.as_view()),
    path("shipment/track", views.ShipmentTrackCreateView.as_view()),
    path("shipment/track/<id:track_id>", views.ShipmentTrackDeleteView.as_view()),
]
urlpatterns += creditmemos.urlpatterns + invoice_actions.urlpatterns + transactions.urlpatterns
urlpatterns += order_actions.urlpatterns + notifications.urlpatterns
