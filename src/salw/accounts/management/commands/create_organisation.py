from typing import Any

from django.core.management.base import BaseCommand, CommandError

from salw.accounts.choices import OrganisationKind
from salw.accounts.models import Organisation
from salw.core.context import Actor, acting_as
from salw.states.models import State


class Command(BaseCommand):
    help = (
        "Create an organisation: a State's (--state KEN), the secretariat, or a donor "
        "organisation (--donor 'Name'). Does nothing if it exists."
    )

    def add_arguments(self, parser: Any) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--state", help="ISO alpha-3 code of the State")
        group.add_argument("--secretariat", metavar="NAME")
        group.add_argument("--donor", metavar="NAME")

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(Actor(user_id=None, label="salw create-organisation")):
            if options["state"]:
                state = State.objects.filter(iso3=options["state"].upper()).first()
                if state is None:
                    raise CommandError(f"No State with the code {options['state']!r}.")
                organisation, created = Organisation.objects.get_or_create(
                    kind=OrganisationKind.STATE, state=state, defaults={"name": str(state)}
                )
            else:
                kind = OrganisationKind.DONOR if options["donor"] else OrganisationKind.SECRETARIAT
                organisation, created = Organisation.objects.get_or_create(
                    kind=kind, name=options["donor"] or options["secretariat"]
                )
        self.stdout.write(f"{organisation} {'created' if created else 'exists already'}.")
