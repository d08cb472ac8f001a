"""The registry's panel on the dashboard: the register's size and the weapons to trace."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salw.registry.models import Weapon
from salw.registry.models.scope import WRITE_ROLES

FLAGGED_SHOWN = 5


def registry_panel(user: Any) -> Any:
    """For record keepers and tracing officers: lost and stolen weapons are listed first."""
    from salw.portal.dashboard import Panel, Task  # the portal owns the panel types

    weapons = Weapon.objects.visible_to(user)
    panel = Panel(_("Weapons registry"), figure=weapons.count(), url=reverse("registry:home"))
    flagged = list(weapons.flagged_for_tracing().order_by("-status_since", "-id")[:FLAGGED_SHOWN])
    if flagged:
        total = weapons.flagged_for_tracing().count()
        panel.tasks.append(
            Task(
                ngettext(
                    "%(count)s weapon is reported lost or stolen: trace it.",
                    "%(count)s weapons are reported lost or stolen: trace them.",
                    total,
                )
                % {"count": total},
                reverse("registry:weapons") + "?flagged=true",
            )
        )
        for weapon in flagged:
            panel.tasks.append(
                Task(
                    _("%(weapon)s: %(status)s since %(date)s")
                    % {
                        "weapon": weapon,
                        "status": weapon.get_status_display(),
                        "date": weapon.status_since,
                    },
                    reverse("registry:weapon", args=[weapon.pk]),
                )
            )
    panel.tasks.append(Task(_("Search the register by any mark."), reverse("registry:weapons")))
    if user.has_role(*WRITE_ROLES):
        panel.tasks.append(Task(_("Register a weapon."), reverse("registry:weapon-create")))
        panel.tasks.append(Task(_("Import a register"), reverse("registry:imports")))
    return panel
