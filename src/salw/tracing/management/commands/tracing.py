"""`salw tracing ACTION ...`: tracing from the command line."""

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salw.accounts.models import User
from salw.core.context import Actor, acting_as
from salw.states.models import State
from salw.tracing.choices import ReminderLevel
from salw.tracing.engine import Reading, match
from salw.tracing.exchange import (
    MAX_DOCUMENT_BYTES,
    export_document,
    import_document,
    read_document,
)
from salw.tracing.explain import candidate_data, candidate_summary
from salw.tracing.figures import all_overdue, owed_by
from salw.tracing.indexing import rebuild_keys, settle_keys
from salw.tracing.management.cases_cli import CaseActions
from salw.tracing.models import TracingRequest
from salw.tracing.reminders import remind_overdue

CASE_ACTIONS = ["cases", "case", "open-case", "add-to-case", "sdg"]


class Command(CaseActions, BaseCommand):
    ACTIONS = ["match", "index", "remind", "requests", "export", "import"]
    help = (
        "Tracing: 'match' ranks a State's recorded weapons against a weapon as seen "
        "(salw tracing match --state KE --serial 'K7?3O1' --make 'FN Herstal'); 'index' rebuilds "
        "the serial keys the match uses; 'remind' e-mails reminders of overdue requests (run "
        "daily or hourly: each reminder goes once per deadline period) and escalates to focal "
        "points; 'requests' lists the requests a State owes "
        "(--state) or all overdue ones; 'export' and 'import' move a request and its answers "
        "between installations as JSON; 'cases' lists the cases --user may see (--state: "
        "opened by that State), 'case --case N' shows one with its suggested links, "
        "'open-case --title T' and 'add-to-case --case N --request ID | --weapon ID' change "
        "them; 'sdg' prints SDG indicator 16.4.2 per State and year (--state, --year, --csv; "
        "--user for what that user may see)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=[*self.ACTIONS, *CASE_ACTIONS])
        parser.add_argument("--reference", help="export: the request's reference")
        parser.add_argument("--file", help="import: an exchange document (JSON)")
        parser.add_argument("--user", help="import, cases, sdg: the user who acts or sees")
        parser.add_argument("--case", type=int, help="case, add-to-case: the case's number")
        parser.add_argument("--title", help="open-case: the case's title")
        parser.add_argument("--request", type=int, help="add-to-case: a request's id")
        parser.add_argument("--weapon", type=int, help="add-to-case: a weapon's id")
        parser.add_argument("--csv", action="store_true", help="sdg: print the CSV download")
        parser.add_argument("--state", help="ISO code of the State whose registry is searched")
        parser.add_argument("--serial", help="as read; ? for each unreadable character")
        parser.add_argument("--make", default="", help="manufacturer as seen")
        parser.add_argument("--model", default="")
        parser.add_argument("--calibre", default="")
        parser.add_argument("--country", default="", help="country of manufacture (alpha-3)")
        parser.add_argument("--year", type=int, help="match: year of manufacture; sdg: the year")
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
                raise CommandError(
                    _("There is no State with the code “%(code)s”.") % {"code": options["state"]}
                )
        if options["action"] in CASE_ACTIONS:
            getattr(self, f"do_{options['action'].replace('-', '_')}")(options, state)
            return
        if options["action"] == "remind":
            self._remind()
            return
        if options["action"] in ("export", "import"):
            self._exchange(options, state)
            return
        if options["action"] == "requests":
            self._requests(state)
            return
        if options["action"] == "index":
            count = rebuild_keys(state.pk if state else None)
            settle_keys()
            self.stdout.write(f"{count} serial keys built.")
            return
        if state is None or not options["serial"]:
            raise CommandError(_("match needs --state and --serial."))
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
        if candidates.also_fitting:
            self.stdout.write(
                f"{candidates.also_fitting} more weapons fit this reading exactly as well as the "
                "last one shown: give the model, calibre, year or another mark to narrow it."
            )

    def _remind(self) -> None:
        """Send the reminders due now and say what was sent; nothing twice for one period."""
        with acting_as(Actor(user_id=None, label="salw tracing remind")):
            run = remind_overdue()
        for reminder in run.sent:
            request = reminder.request
            whom = (
                "tracing officers and focal points (escalated)"
                if reminder.level == ReminderLevel.FOCAL_POINTS
                else "tracing officers"
            )
            self.stdout.write(
                f"{request.reference:<20} {request.requesting_state.iso3}->"
                f"{request.requested_state.iso3}  {reminder.deadline:<11} overdue, "
                f"reminder {reminder.period} to the {whom}: {reminder.recipients} address(es)"
            )
        for request in run.unreachable:
            self.stderr.write(
                f"{request.reference:<20} overdue, but no tracing officer or focal point of "
                f"{request.requested_state.iso3} has an e-mail address: nothing sent."
            )
        escalated = sum(1 for r in run.sent if r.level == ReminderLevel.FOCAL_POINTS)
        self.stdout.write(
            f"{len(run.sent)} reminders sent, {escalated} of them escalated to focal points."
        )
        if run.failed:
            for request, error in run.failed:
                self.stderr.write(f"{request.reference:<20} not sent: {error}")
            raise CommandError(
                ngettext(
                    "%(count)s reminder could not be sent; run again later.",
                    "%(count)s reminders could not be sent; run again later.",
                    len(run.failed),
                )
                % {"count": len(run.failed)}
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

    def _exchange(self, options: dict[str, Any], state: State | None) -> None:
        """export --reference REF --state <requested State>; import --file F --user NAME."""
        if options["action"] == "export":
            found = TracingRequest.objects.filter(reference=options["reference"] or "")
            if state is not None:
                found = found.filter(requested_state=state)
            if found.count() != 1:
                raise CommandError(_("Give --reference (and --state for the requested State)."))
            document = export_document(found.get())
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        if not options["user"] or not options["file"]:
            raise CommandError(_("import needs --file and --user."))
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("There is no user named %(name)s.") % {"name": options["user"]})
        with translation.override(user.language or None):
            try:
                with open(options["file"], "rb") as handle:
                    raw = handle.read(MAX_DOCUMENT_BYTES + 1)
                with acting_as(Actor(user_id=user.pk, label=f"cli:{user.username}")):
                    request = import_document(read_document(raw), actor=user)
            except OSError as broken:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s")
                    % {"file": options["file"], "error": broken.strerror or broken}
                ) from broken
            except ValidationError as refused:
                raise CommandError("; ".join(refused.messages)) from refused
            except PermissionDenied as refused:
                raise CommandError(
                    str(refused) or _("This user may not take in this document.")
                ) from refused
        self.stdout.write(f"Request {request.reference} (#{request.pk}) taken in.")
