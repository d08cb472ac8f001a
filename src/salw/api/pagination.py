"""The one pagination of every API list: `limit` and `offset`, each within declared bounds.

DRF's `LimitOffsetPagination` passes any offset to the database and falls back silently on a
limit it cannot read; an offset of 10³⁵ then fails inside the database (a 500). Here both are
checked against the bounds below, a value outside them is a 400 naming the parameter, and the
OpenAPI schema states the same bounds.
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Far beyond any register (ten million weapons), and within every database's integer range.
MAX_OFFSET = 1_000_000_000


def _bounded(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    # ASCII digits only: `int()` would take "٣", " 3" and "3_0" as well.
    if raw.isascii() and raw.isdigit() and len(raw) <= len(str(high)) and low <= int(raw) <= high:
        return int(raw)
    raise ValidationError(
        {name: [_("Must be a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}]}
    )


class Pagination(LimitOffsetPagination):
    """`?limit=` (1–500, default 50) and `?offset=` (0–1,000,000,000)."""

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request: Request) -> int:
        return _bounded(request, self.limit_query_param, DEFAULT_LIMIT, 1, MAX_LIMIT)

    def get_offset(self, request: Request) -> int:
        return _bounded(request, self.offset_query_param, 0, 0, MAX_OFFSET)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: (1, MAX_LIMIT, DEFAULT_LIMIT),
            self.offset_query_param: (0, MAX_OFFSET, 0),
        }
        for parameter in parameters:
            low, high, default = bounds[parameter["name"]]
            parameter["schema"] = {
                "type": "integer",
                "minimum": low,
                "maximum": high,
                "default": default,
            }
        return parameters
