from typing import Any

from django.core.management.base import BaseCommand

from salw.core.context import Actor, acting_as
from salw.states.services import load_states


class Command(BaseCommand):
    help = (
        "Load or refresh the 193 UN Member States and 2 observer States, with their regions and "
        "names in the six UN languages. Safe to run again: only what changed is written."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(Actor(user_id=None, label="salw load-states")):
            result = load_states()
        self.stdout.write(
            f"States and regions: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
