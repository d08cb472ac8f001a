"""Filters shared by the pages' search forms and the API: what a filter accepts is what the API
schema says it accepts."""

from typing import Any, TypeVar

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

F = TypeVar("F", bound=django_filters.Filter)


def stated(filter_: F, schema: dict[str, Any]) -> F:
    """`filter_`, its value in the API schema stated as `schema` (the shape its field checks)."""
    filter_._spectacular_annotation = {"field": schema}  # type: ignore[attr-defined]
    return filter_


_BOOLEANS = {"true": True, "True": True, "1": True, "2": True,
             "false": False, "False": False, "0": False, "3": False}  # fmt: skip


class RawNullBooleanSelect(forms.NullBooleanSelect):
    """The page's Yes/No/All select, handing the field what was sent (the stock widget turns
    anything it does not know into "All")."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> object:
        return data.get(name)


class StrictBooleanField(forms.NullBooleanField):
    """`true` or `false` (the select's 2 and 3 too); nothing or `unknown` is no filter, and
    anything else is an error rather than silently no filter."""

    widget = RawNullBooleanSelect

    def to_python(self, value: object) -> bool | None:
        if value in (None, "", "unknown") or isinstance(value, bool):
            return value if isinstance(value, bool) else None
        if isinstance(value, str) and value in _BOOLEANS:
            return _BOOLEANS[value]
        raise forms.ValidationError(_("Give true or false."), code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class CodeField(django_filters.fields.ChoiceField):
    """The page's list of known codes; any code of the right shape is valid."""

    def __init__(self, *, pattern: str, message: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(pattern, message))

    def valid_value(self, value: str) -> bool:
        return True


class KnownCodeField(CodeField):
    """Only the codes of the list: a code that names nothing is refused, naming the filter."""

    def valid_value(self, value: str) -> bool:
        return django_filters.fields.ChoiceField.valid_value(self, value)


class CodeChoiceFilter(django_filters.ChoiceFilter):
    """A select of the known codes (regions, cycles) on the page; in a query any code of the
    right shape is valid, and a code that names nothing finds nothing, as a filter by a State's
    code does — unless `known_only`, where it is refused (the public reports database says so
    rather than find nothing). The API schema gives the shape."""

    field_class = CodeField

    def __init__(
        self, *args: Any, pattern: str, message: str, known_only: bool = False, **kwargs: Any
    ) -> None:
        if known_only:
            self.field_class = KnownCodeField
        super().__init__(*args, pattern=pattern, message=message, **kwargs)
        stated(self, {"type": "string", "pattern": pattern})
