from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    name = "salw.tracing"
    label = "tracing"
    verbose_name = _("Tracing")

    def ready(self) -> None:
        from salw.tracing import signals

        signals.connect()
