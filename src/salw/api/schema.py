"""OpenAPI schema post-processing."""

from typing import Any

# Bounds that come from the database's integer types, not from the API: SQLite and PostgreSQL
# differ, and the committed schema must be the same whichever database generated it.
_DATABASE_BOUNDS = {32767, 2147483647, 9223372036854775807}


def drop_database_integer_bounds(result: Any, generator: Any, request: Any, public: Any) -> Any:
    _strip(result)
    return result


def _strip(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "integer" and node.get("maximum") in _DATABASE_BOUNDS:
            bound = node.pop("maximum")
            if node.get("minimum") == -bound - 1:
                node.pop("minimum")
            if node.get("format") in {"int32", "int64"}:
                node.pop("format")
        for value in node.values():
            _strip(value)
    elif isinstance(node, list):
        for value in node:
            _strip(value)
