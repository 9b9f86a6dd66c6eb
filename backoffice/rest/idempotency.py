"""``Idempotency-Key`` for POSTs that create documents (Magento lacks it; integrators need it).

A client that did not get an answer (timeout, dropped connection) retries with the same key and gets the
first answer again (same status, same body, header ``Idempotent-Replayed: true``) instead of a second
invoice or shipment. The contract:

- The key is per owner (the admin user or customer of the token): another client's key never matches.
- The same key with a different request (method, path or JSON body) is refused: 422, Magento's body.
- Only a success is remembered. A refused or failed request leaves no record, so its retry runs again.
- The record is inserted first, in the transaction of the document, under a unique (owner, key)
  constraint. A concurrent twin therefore waits on that unique index until the first commits, then
  replays its answer (or runs itself, if the first rolled back). That index is lock 0 of the global lock
  order (STYLE.md 5): it is taken before the order row, and only by requests carrying that key.
- Records expire after ``IDEMPOTENCY_KEY_TTL_HOURS`` (24): an older record is replaced, and
  ``manage.py prune_idempotency_records`` deletes them (run it daily).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backoffice.exceptions import DomainError, InputError

from .models import IdempotencyRecord, UserType

HEADER = "Idempotency-Key"
KEY_REUSED = 'The Idempotency-Key "%1" was already used with a different request.'
INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # printable ASCII, no spaces


class IdempotencyKeyReused(DomainError):
    message = KEY_REUSED
    http_status = 422


class IdempotencyKeyBusy(DomainError):
    message = 'The Idempotency-Key "%1" is being used by another request. Try again later.'
    http_status = 409


def idempotent[V: type[APIView]](view_class: V) -> V:
    """Class decorator: the view's ``post`` honours an ``Idempotency-Key`` header."""
    handler = view_class.post  # type: ignore[attr-defined]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description="Retries with the same key replay the first answer (24 hours).",
            )
        ]
    )
    @wraps(handler)
    def post(self: APIView, request: Request, *args: object, **kwargs: object) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None:
            return handler(self, request, *args, **kwargs)
        return _run_once(self, request, key, lambda: handler(self, request, *args, **kwargs))

    post.idempotent = True  # type: ignore[attr-defined]  # the schema lists its 422
    view_class.post = post  # type: ignore[attr-defined]
    return view_class


def _run_once(view: APIView, request: Request, key: str, run: Callable[[], HttpResponse]) -> HttpResponse:
    if not _KEY.fullmatch(key):
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": key[:255], "fieldName": HEADER})
    owner = _owner(request)
    fingerprint = request_hash(request.method, request.get_full_path(), request.data)
    with transaction.atomic():
        record = _claim(owner, key, request, fingerprint)
        if record.response_status is not None:  # a committed first answer
            if record.request_hash != fingerprint:
                raise IdempotencyKeyReused(parameters=[key])
            return _replay(record)
        response = run()  # an exception rolls the record back with the document
        if not 200 <= response.status_code < 300:
            record.delete()
            return response
        record.response_status = response.status_code
        record.response_content_type, record.response_body = _rendered(view, request, response)
        record.save(update_fields=["response_status", "response_content_type", "response_body"])
    return response


def _claim(owner: str, key: str, request: Request, fingerprint: str) -> IdempotencyRecord:
    """Insert the (owner, key) row, or return the committed one (waiting while a twin holds the key)."""
    fields = {"method": request.method, "path": request.get_full_path()[:2048], "request_hash": fingerprint}
    for _ in range(3):  # a twin may commit, or the pruning delete, between the two statements
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(owner=owner, key=key, **fields)
        except IntegrityError:
            pass
        record = IdempotencyRecord.objects.select_for_update().filter(owner=owner, key=key).first()
        if record is None:
            continue  # pruned between the insert and the read: insert again
        if record.created_at > timezone.now() - ttl():
            return record
        record.delete()  # expired: the key starts afresh
    raise IdempotencyKeyBusy(parameters=[key])


def _owner(request: Request) -> str:
    token = request.auth
    if getattr(token, "user_type", None) == UserType.CUSTOMER:
        return f"customer:{token.customer_id}"  # type: ignore[union-attr]
    if getattr(token, "user_type", None) == UserType.INTEGRATION:
        return f"integration:{token.consumer_id}"  # type: ignore[union-attr]
    return f"admin:{getattr(request.user, 'pk', '')}"


def request_hash(method: str, path: str, data: object) -> str:
    """SHA-256 of the method, the path and the body as canonical JSON (key order and spacing ignored)."""
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), default=_plain)
    return hashlib.sha256(f"{method}\n{path}\n{body}".encode()).hexdigest()


def _plain(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _rendered(view: APIView, request: Request, response: HttpResponse) -> tuple[str, str]:
    """The exact bytes the client gets, rendered as the view's first renderer renders them."""
    if not isinstance(response, Response):
        return response.get("Content-Type", ""), response.content.decode()
    renderer = view.get_renderers()[0]
    content = renderer.render(
        response.data, renderer.media_type, {"view": view, "request": request, "response": response}
    )
    return renderer.media_type, content.decode() if isinstance(content, bytes) else content


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        record.response_body,
        status=record.response_status,
        content_type=record.response_content_type or "application/json",
    )
    response["Idempotent-Replayed"] = "true"
    return response


def ttl() -> timedelta:
    return timedelta(hours=getattr(settings, "IDEMPOTENCY_KEY_TTL_HOURS", 24))


def prune_expired_records() -> int:
    """Delete the records older than the time to live; returns how many."""
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lte=timezone.now() - ttl()).delete()
    return deleted
