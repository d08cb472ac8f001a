"""A field type for search keys that must sort byte by byte on every database."""

from typing import Any

from django.db import models


class SearchKeyField(models.CharField):
    """A normalised search key, compared byte by byte so that prefix ranges use its index.

    Prefix search is `key >= 'AB12' AND key < 'AB13'`. SQLite compares bytes already (BINARY).
    PostgreSQL compares by the database's linguistic collation, which ignores punctuation and would
    break such ranges, so the column gets the "C" collation there.
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
