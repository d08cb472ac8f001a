"""`salw tracing ACTION ...`: tracing from the command line."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from salw.states.models import State
from salw.tracing.alerts import remind_overdue
from salw.tracing.engine import Reading, match
from salw.tracing.explain import candidate_data, candidate_summary
from salw.tracing.figures import all_overdue, owed_by
from salw.tracing.indexing import rebuild_keys


class Command(BaseCommand):
    help = (
        "Tracing: 'match' ranks a State's recorded weapons against a weapon as seen "
        "(salw tracing match --state KE --serial 'K7?3O1' --make 'FN Herstal'); 'index' rebuilds "
        "the serial keys the match uses; 'remind' e-mails reminders of overdue requests (run "
        "daily) and escalates to focal points; 'requests' lists the requests a State owes "
        "(--state) or all overdue ones."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["match", "index", "remind", "requests"])
        parser.add_argument("--state", help="ISO code of the State whose registry is searched")
        parser.add_argument("--serial", help="as read; ? for each unreadable character")
        parser.add_argument("--make", default="", help="manufacturer as seen")
        parser.add_argument("--model", default="")
        parser.add_argument("--calibre", default="")
        parser.add_argument("--country", default="", help="country of manufacture (alpha-3)")
        parser.add_argument("--year", type=int)
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        state = None
        if options["state"]:
            code = options["state"].upper()
            state = (
                State.objects.filter(iso2=code).first() or State.objects.filter(iso3=code).first()
            )
            if state is None:
                raise CommandError(f"No State with the code {options['state']!r}.")
        if options["action"] == "remind":
            reminded = remind_overdue()
            escalated = sum(1 for _request, up in reminded if up)
            self.stdout.write(
                f"{len(reminded)} overdue requests reminded, {escalated} escalated to focal points."
            )
            return
        if options["action"] == "requests":
            self._requests(state)
            return
        if options["action"] == "index":
            count = rebuild_keys(state.pk if state else None)
            self.stdout.write(f"{count} serial keys built.")
            return
        if state is None or not options["serial"]:
            raise CommandError("match needs --state and --serial.")
        reading = Reading(
            serial=options["serial"],
            manufacturer=options["make"],
            model=options["model"],
            calibre=options["calibre"],
            country=options["country"],
            year=options["year"],
        )
        candidates = match(state.pk, reading, limit=options["limit"])
        if options["json"]:
            self.stdout.write(json.dumps([candidate_data(c) for c in candidates], indent=2))
            return
        if not candidates:
            self.stdout.write("No recorded weapon comes close to this reading.")
        for rank, candidate in enumerate(candidates, start=1):
            self.stdout.write(
                f"{rank:>2}. score {candidate.score:>3}  weapon #{candidate.weapon_id}  "
                f"{candidate.serial_recorded:<16} {candidate_summary(candidate)}"
            )

    def _requests(self, state: State | None) -> None:
        if state is None:
            rows = [(request, owed, True) for request, owed in all_overdue()]
        else:
            rows = [(o.request, o.due, o.overdue) for o in owed_by(state.pk)]
        if not rows:
            self.stdout.write("Nothing is due.")
        for request, owed, overdue in rows:
            late = "OVERDUE" if overdue else "due"
            self.stdout.write(
                f"{request.reference:<20} {request.requesting_state.iso3}->"
                f"{request.requested_state.iso3}  "
                f"{owed.what:<11} {late:<7} by {owed.by:%Y-%m-%d %H:%M}"
            )
