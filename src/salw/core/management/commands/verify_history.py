from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salw.core.changelog import head_hash, verify_chain


class Command(BaseCommand):
    help = (
        "Check that the change log is intact: every row still carries the hash of its content "
        "and of the row before it. Names the first row that was changed, inserted or removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = verify_chain()
        if broken is not None:
            reasons = {
                "content": _("its content no longer matches its hash"),
                "previous-hash": _(
                    "it does not follow the row before it (a row was removed, inserted or changed)"
                ),
            }
            raise CommandError(
                _("History tampered with at change log row %(id)s: %(reason)s.")
                % {"id": broken.entry_id, "reason": reasons[broken.reason]}
            )
        self.stdout.write(
            ngettext(
                "History intact: %(count)s row checked. Newest hash: %(hash)s",
                "History intact: %(count)s rows checked. Newest hash: %(hash)s",
                checked,
            )
            % {"count": checked, "hash": head_hash()}
        )
