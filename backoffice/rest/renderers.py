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
    encoder_class = MagentoJSONEncoder
    compact = True
