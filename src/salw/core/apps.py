from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "salw.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from salw.core import changelog

        changelog.connect_signals()
