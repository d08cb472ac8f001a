"""OpenAPI schema post-processing."""

from typing import Any

# Bounds that come from the database's integer types, not from the API: SQLite and PostgreSQL
# differ, and the committed schema must be the same whichever database generated it.
_DATABASE_BOUNDS = {32767, 2147483647, 9223372036854775807}


def allow_empty_query_values(result: Any, generator: Any, request: Any, public: Any) -> Any:
    """An optional query parameter sent empty (`?region=`, as a page's "All" sends it) is the
    parameter not given: every filter, `limit` and `offset` read it so."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result


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
