"""JSON output the way Magento prints it: decimals as plain JSON numbers (300, 1917.6, never "300.0"), and
trimmed to the ``fields`` query parameter on success (Magento's FieldsFilter, see fields.py)."""

from __future__ import annotations

from decimal import Decimal

from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

from .fields import fields_parameter, partial_response


class MagentoJSONEncoder(JSONEncoder):
    def default(self, obj: object) -> object:
        if isinstance(obj, Decimal):
            if obj == obj.to_integral_value():
                return int(obj)
            return float(obj.normalize())
        return super().default(obj)


class MagentoJSONRenderer(JSONRenderer):
    """Byte for byte what PHP's json_encode($data) prints: compact, non-ASCII as \\uXXXX, "/" as "\\/"."""

    encoder_class = MagentoJSONEncoder
    compact = True
    ensure_ascii = True

    def render(self, data, accepted_media_type=None, renderer_context=None):  # noqa: ANN001, ANN201 (DRF signature)
        context = renderer_context or {}
        request, response = context.get("request"), context.get("response")
        success = request is not None and response is not None and 200 <= response.status_code < 300
        if data is not None and success:
            data = partial_response(data, fields_parameter(request.GET))  # any method, as Magento
        if data is None and success:
            # PHP's json_encode(null): a service answering null (no default address), or a filter over an empty
            # array; DRF would print nothing
            return b"null"
        # A "/" can only occur inside a JSON string, where "\/" is a valid escape of it.
        return super().render(data, accepted_media_type, renderer_context).replace(b"/", b"\\/")
