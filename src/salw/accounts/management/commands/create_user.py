from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from salw.accounts.choices import OrganisationKind, Role
from salw.accounts.models import Organisation
from salw.accounts.services import create_user, password_link
from salw.core.context import Actor, acting_as


class Command(BaseCommand):
    help = (
        "Open an account for a person of an organisation (a State's ISO code such as KEN, "
        "'secretariat', or a donor organisation's name) and print a one-time link to choose "
        "the password."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="KEN, secretariat, or a name")
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            choices=Role.values,
            help="may be given several times",
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--language", default="", help="ar, en, es, fr, ru or zh-hans")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = find_organisation(options["organisation"])
        try:
            with acting_as(Actor(user_id=None, label="salw create-user")):
                user = create_user(
                    username=options["username"],
                    organisation=organisation,
                    roles=options["role"],
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    language=options["language"],
                )
        except ValidationError as refused:
            raise CommandError("; ".join(refused.messages)) from refused
        self.stdout.write(f"{user.username} created in {organisation}.")
        self.stdout.write(f"Link to choose the password (works once): {password_link(user)}")


def find_organisation(key: str) -> Organisation:
    """A State's organisation by ISO alpha-3 code, the secretariat, or an organisation by name."""
    if key.lower() == "secretariat":
        found = Organisation.objects.filter(kind=OrganisationKind.SECRETARIAT).first()
    elif len(key) == 3 and key.isalpha():
        found = Organisation.objects.filter(state__iso3=key.upper()).first()
    else:
        found = Organisation.objects.filter(name__iexact=key).first()
    if found is None:
        raise CommandError(
            f"No organisation {key!r}: create it first with salw create-organisation."
        )
    return found
