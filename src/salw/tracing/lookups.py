"""A pattern lookup that the database runs natively, where an index range has narrowed the rows.

`?` is one character and `*` any run, as in SQLite's GLOB; on PostgreSQL it becomes LIKE with `_`
and `%`. Skeleton keys hold only A–Z and 0–9, so no escaping is needed. (Django's `regex` lookup
on SQLite calls back into Python for every row, which is what a range of thousands cannot afford.)
"""

from typing import Any

from django.db.models import CharField, Lookup


@CharField.register_lookup
class SkeletonPattern(Lookup):
    lookup_name = "skeleton_pattern"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "sqlite":
            return f"{lhs} GLOB {rhs}", [*lhs_params, *rhs_params]
        like = [p.replace("?", "_").replace("*", "%") for p in rhs_params]
        return f"{lhs} LIKE {rhs}", [*lhs_params, *like]
