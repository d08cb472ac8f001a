from django import forms
from django.utils.translation import gettext_lazy as _


class MatchForm(forms.Form):
    """A weapon as seen: the serial as read (with ? for unreadable characters) and what else
    was seen."""

    serial = forms.CharField(
        label=_("Serial as read"),
        max_length=60,
        help_text=_("Type ? for each character you cannot read; leave out what is missing."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
    )
    manufacturer = forms.CharField(label=_("Manufacturer"), max_length=120, required=False)
    model = forms.CharField(label=_("Model"), max_length=120, required=False)
    calibre = forms.CharField(label=_("Calibre"), max_length=60, required=False)
    country = forms.CharField(
        label=_("Country of manufacture (ISO alpha-3)"), max_length=3, required=False
    )
    year = forms.IntegerField(
        label=_("Year of manufacture"), min_value=1800, max_value=2100, required=False
    )

    def clean_serial(self) -> str:
        return check_serial(self.cleaned_data["serial"])


def check_serial(serial: str) -> str:
    """A reading needs something to match: at least one letter or digit."""
    if not any(char.isalnum() for char in serial):
        raise forms.ValidationError(
            _("Give at least one letter or digit of the serial."), code="empty_serial"
        )
    return serial
