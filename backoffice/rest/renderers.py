"""JSON output the way Magento prints it: decimals as plain JSON numbers (300, 1917.6, never "300.0")."""

from __future__ import annotations

from decimal import Decimal

from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder


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
        # A "/" can only occur inside a JSON string, where "\/" is a valid escape of it.
        return super().render(data, accepted_media_type, renderer_context).replace(b"/", b"\\/")
