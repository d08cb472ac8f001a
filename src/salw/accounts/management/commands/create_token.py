from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from salw.accounts.models import User


class Command(BaseCommand):
    help = "Print the API token of a user (made on first use), for machine clients of /api/."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--renew", action="store_true", help="Replace the existing token.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as missing:
            raise CommandError(f"No user named {options['username']!r}.") from missing
        if options["renew"]:
            Token.objects.filter(user=user).delete()
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
