"""The dates and years a record may hold: none in the future, none before firearms were made
in series (one rule for the registry's services, its imports and tracing requests)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def check_year(year: int | None, field_name: str) -> None:
    if year is not None and not 1800 <= year <= timezone.now().year:
        raise ValidationError(
            {field_name: _("The year %(year)s is not a possible year.") % {"year": year}}
        )


def check_date(date: datetime.date, field_name: str = "date") -> None:
    if date > timezone.localdate():
        raise ValidationError({field_name: _("The date cannot be in the future.")})
