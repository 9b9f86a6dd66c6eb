"""A sales document's comments, one view for every document (Magento_Sales webapi.xml):

- ``GET  /V1/invoices/{id}/comments``    InvoiceManagementInterface::getCommentsList    (management.py)
- ``POST /V1/invoices/comments``         InvoiceCommentRepositoryInterface::save        (invoice_actions.py)
- ``GET  /V1/creditmemo/{id}/comments``  CreditmemoManagementInterface::getCommentsList (creditmemos.py)
- ``POST /V1/creditmemo/{id}/comments``  CreditmemoCommentRepositoryInterface::save     (creditmemos.py)
- ``GET  /V1/shipment/{id}/comments``    ShipmentManagementInterface::getCommentsList   (views.py)
- ``POST /V1/shipment/{id}/comments``    ShipmentCommentRepositoryInterface::save       (shipment_actions.py)

A getCommentsList reads no document: it searches the comments on parent_id, so an unknown document is an empty
result, one page of it (backoffice.rest.routes.ChildListView). A save binds ``{"entity": <Document>CommentInterface}``
(the entity's parent_id names the document; a path's id is not a parameter of the service), calls the document's
domain function and answers the saved comment.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import ChildListView, RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer


class DocumentCommentInputSerializer(MagentoInputSerializer):
    """<Document>CommentInterface (with CommentInterface and EntityInterface) as a client sends it; a subclass
    names its ``interface`` and ``model``."""

    comment = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    is_customer_notified = serializers.IntegerField(required=False, allow_null=True, default=0, min_value=0)
    is_visible_on_front = serializers.IntegerField(required=False, allow_null=True, default=0, min_value=0)
    parent_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    entity_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    created_at = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    extension_attributes = serializers.DictField(required=False)


class CommentsView(ChildListView):
    """GET /V1/<document>/{id}/comments: ``model`` (the comment model), ``parent_kwarg`` (the path's id),
    ``serializer_class`` (its data interface) and ``acl_by_method``."""


class CommentSaveView(RouteView):
    """POST {"entity": <Document>CommentInterface} -> the saved comment, rendered by ``serializer_class``.

    A subclass names ``entity_serializer`` (the body) and ``save_comment`` (the domain call)."""

    entity_serializer: ClassVar[type[serializers.Serializer]]
    serializer_class: ClassVar[type[serializers.Serializer]]

    def save_comment(self, entity: dict) -> Model:
        raise NotImplementedError

    def post(self, request: Request, store_code: str, **kwargs: Any) -> Response:
        comment = self.save_comment(parse(self.entity_serializer, request.data)["entity"])
        return Response(self.serializer_class(comment).data)
