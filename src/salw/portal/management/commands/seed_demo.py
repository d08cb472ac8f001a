from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from salw.accounts.demo import seed_demo
from salw.core.context import Actor, acting_as
from salw.registry.demo import seed_demo_registry


class Command(BaseCommand):
    help = (
        "Create the demo organisations and people (an analyst, focal points and record keepers "
        "of Kenya and Peru, a donor), a few weapons on Kenya's and Peru's registers, and print "
        "how to sign in. Only when SALW_DEMO=1."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with acting_as(Actor(user_id=None, label="salw seed-demo")):
                personas = seed_demo()
                weapons = seed_demo_registry()
        except ImproperlyConfigured as refused:
            raise CommandError(str(refused)) from refused
        if weapons:
            self.stdout.write(f"{weapons} demo weapons registered.")
        self.stdout.write("Demo sign-ins (username / password):")
        for p in personas:
            roles = ", ".join(str(role.label) for role in p.roles)
            self.stdout.write(f"  {p.username:<14} {p.password:<20} {p.organisation}: {roles}")
