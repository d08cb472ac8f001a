"""`salw registry ACTION ...`: the weapons registry from the command line.

Thin: each action calls the registry's services or queries through the permission layer, acting
as the user named with `--as` (a record keeper or tracing officer of the State).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from salw.accounts.models import User
from salw.core.context import Actor, acting_as
from salw.registry.management import actions


class Command(BaseCommand):
    help = (
        "The weapons registry: load-reference, show ID, search PATTERN, import FILE, retention. "
        "Actions on a State's register need --as USERNAME (a record keeper or tracing officer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "load-reference",
            help="Load or refresh manufacturers, calibres and models (idempotent).",
        )
        for name, helptext in actions.ACTIONS.items():
            action_parser = sub.add_parser(name, help=helptext)
            action_parser.add_argument(
                "--as", dest="username", required=True, help="Act as this user."
            )
            actions.add_arguments(name, action_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load-reference":
            with acting_as(Actor(user_id=None, label="salw registry load-reference")):
                result = actions.load_reference()
            self.stdout.write(
                f"Reference: {result.manufacturers} manufacturers, {result.calibres} calibres, "
                f"{result.models} models ({result.created} rows created)."
            )
            return
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as missing:
            raise CommandError(
                _("There is no user named %(name)s.") % {"name": options["username"]}
            ) from missing
        with acting_as(Actor(user_id=user.pk, label=f"salw registry {action} ({user})")):
            actions.run(action, user, options, self.stdout)
