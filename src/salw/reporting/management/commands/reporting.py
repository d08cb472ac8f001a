"""`salw reporting ...`: templates, meetings and reports from the command line.

Thin: the services do the work, with the same checks as pages and the API.
"""

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from salw.accounts.models import User
from salw.core.context import Actor, acting_as
from salw.reporting import services
from salw.reporting.models import Report, ReportingCycle
from salw.reporting.template_file import TemplateFileError
from salw.reporting.workbook import WorkbookError
from salw.states.models import State

SHIPPED_TEMPLATES = Path(__file__).resolve().parents[2] / "templates_data"


class Command(BaseCommand):
    help = "National reports: load-template, load-meetings, cycles, set-due-date, start, submit."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-template", help="Load a template YAML file as a new version.")
        load.add_argument("file", nargs="?", help="The YAML file (default: the shipped ones).")
        sub.add_parser("load-meetings", help="Create the shipped meetings and cycles missing.")
        sub.add_parser("cycles", help="List the reporting cycles, their templates and due dates.")
        due = sub.add_parser("set-due-date", help="Change a cycle's due date.")
        due.add_argument("cycle", help="Meeting code, e.g. bms10.")
        due.add_argument("date", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        sub.add_parser("reindex", help="Rebuild the public search index of published reports.")
        status = sub.add_parser("status", help="Who submitted and who is drafting for a cycle.")
        status.add_argument("cycle", help="Meeting code, e.g. bms10.")
        remind = sub.add_parser("remind", help="E-mail focal points of States not yet submitted.")
        remind.add_argument("cycle", help="Meeting code, e.g. bms10.")
        remind.add_argument("--state", help="Only this State (ISO alpha-3).")
        remind.add_argument(
            "--yes",
            action="store_true",
            help="Send it. Without it, say whom it would reach and its text, and send nothing.",
        )
        export = sub.add_parser("workbook-export", help="Write a draft as an XLSX workbook.")
        export.add_argument("state")
        export.add_argument("cycle")
        export.add_argument("file")
        export.add_argument("--language", default="en")
        export.add_argument("--user", required=True)
        load = sub.add_parser("workbook-import", help="Save the answers of a filled workbook.")
        load.add_argument("state")
        load.add_argument("cycle")
        load.add_argument("file")
        load.add_argument("--user", required=True)
        for name, text in (
            ("start", "Start a State's draft for a cycle (as USER)."),
            ("submit", "Submit a State's draft for a cycle (as USER, its focal point)."),
            ("export", "Print a State's report for a cycle as JSON with source references."),
        ):
            command = sub.add_parser(name, help=text)
            command.add_argument("state", help="ISO alpha-3 code, e.g. KEN.")
            command.add_argument("cycle", help="Meeting code, e.g. bms10.")
            command.add_argument("--user", help="Username acting (start, submit).")
            command.add_argument("--language", default="en")
            if name == "submit":
                command.add_argument(
                    "--publication",
                    choices=["published", "confidential"],
                    help="Publish the report or keep it confidential (required once).",
                )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        user = self._user(options.get("user"))
        label = user.get_username() if user else "salw reporting"
        with acting_as(Actor(user_id=user.pk if user else None, label=label)):
            try:
                getattr(self, f"do_{action}")(options, user)
            except TemplateFileError as error:
                raise CommandError("\n".join(error.problems)) from error
            except WorkbookError as error:
                raise CommandError("\n".join(error.problems)) from error
            except services.StaleEdit as stale:
                numbers = ", ".join(q.number for q in stale.questions)
                raise CommandError(
                    f"Changed by someone else since the export: {numbers}"
                ) from stale
            except services.SubmissionRefused as refused:
                lines = [
                    f"{problem.field}: {problem.message}" if problem.field else problem.message
                    for problem in refused.problems
                ]
                raise CommandError("\n".join(lines)) from refused
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
            except PermissionDenied as error:
                raise CommandError(_("This user may not do that.")) from error

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as missing:
            raise CommandError(
                _("There is no user named %(name)s.") % {"name": username}
            ) from missing

    def _cycle(self, code: str) -> ReportingCycle:
        try:
            return ReportingCycle.objects.select_related("meeting").get(meeting__code=code)
        except ReportingCycle.DoesNotExist as missing:
            raise CommandError(
                _("There is no reporting cycle %(code)s.") % {"code": code}
            ) from missing

    def _report(self, options: dict[str, Any]) -> Report:
        report = (
            Report.objects.filter(
                state__iso3=options["state"].upper(), cycle__meeting__code=options["cycle"]
            )
            .order_by("-version")
            .first()
        )
        if report is None:
            raise CommandError(_("There is no such report."))
        return report

    def do_load_template(self, options: dict[str, Any], user: User | None) -> None:
        given = options["file"]
        files = [Path(given)] if given else sorted(SHIPPED_TEMPLATES.glob("*.yaml"))
        for path in files:
            if not path.is_file():
                raise CommandError(_("There is no file %(file)s.") % {"file": path})
            version, created = services.load_template(path.read_bytes(), actor=user)
            state = "loaded" if created else "already loaded"
            questions = version.questions.count()
            self.stdout.write(f"{version.code}: {state} ({questions} questions) from {path.name}")

    def do_load_meetings(self, options: dict[str, Any], user: User | None) -> None:
        created = services.load_meetings(actor=user)
        self.stdout.write(f"{created} meetings added; {ReportingCycle.objects.count()} cycles.")

    def do_cycles(self, options: dict[str, Any], user: User | None) -> None:
        for cycle in ReportingCycle.objects.select_related("meeting", "template"):
            template = cycle.template.code if cycle.template else "-"
            meeting = cycle.meeting
            self.stdout.write(f"{meeting.code:<8} {meeting.year} due {cycle.due_on} {template}")

    def do_set_due_date(self, options: dict[str, Any], user: User | None) -> None:
        cycle = services.set_cycle(
            self._cycle(options["cycle"]), due_on=options["date"], actor=user
        )
        self.stdout.write(f"{cycle.meeting.code} now due {cycle.due_on}")

    def _draft(self, options: dict[str, Any], user: User | None) -> Report:
        if user is None:
            raise CommandError(_("Give --user: the username of the person acting."))
        report = self._report(options)
        if not Report.objects.editable_by(user).filter(pk=report.pk).exists():
            raise CommandError(_("This user may not edit that report."))
        return report

    def do_workbook_export(self, options: dict[str, Any], user: User | None) -> None:
        from salw.reporting.workbook import export_workbook

        report = self._draft(options, user)
        data = export_workbook(report, services.answer_values(report), options["language"])
        Path(options["file"]).write_bytes(data)
        self.stdout.write(f"Workbook of report {report.pk} written to {options['file']}")

    def do_workbook_import(self, options: dict[str, Any], user: User | None) -> None:
        report = self._draft(options, user)
        services.import_workbook(report, Path(options["file"]).read_bytes(), actor=user)  # type: ignore[arg-type]
        self.stdout.write(f"Workbook imported into report {report.pk}.")

    def do_reindex(self, options: dict[str, Any], user: User | None) -> None:
        from salw.reporting.search import rebuild_index

        self.stdout.write(f"{rebuild_index()} published reports indexed.")

    def do_status(self, options: dict[str, Any], user: User | None) -> None:
        from salw.reporting.status import cycle_status

        status = cycle_status(self._cycle(options["cycle"]))
        self.stdout.write(
            f"{status.submitted} of {len(status.states)} States submitted ({status.rate} %), "
            f"{status.drafting} drafting."
        )
        for region in status.regions:
            self.stdout.write(
                f"  {region.name}: {region.submitted}/{region.states} ({region.rate} %)"
            )

    def do_remind(self, options: dict[str, Any], user: User | None) -> None:
        """Deliberate, as on the page: first whom it reaches and its text; --yes sends it."""
        cycle = self._cycle(options["cycle"])
        states = None
        if options.get("state"):
            code = options["state"].upper()
            states = list(State.objects.filter(iso3=code))
            if not states:
                raise CommandError(_("No State with the code %(code)s.") % {"code": code})
        try:
            services.check_remindable(cycle)
        except ValidationError as refused:  # a closed cycle
            raise CommandError("; ".join(refused.messages)) from refused
        plan = services.reminder_plan(cycle, states)
        if not plan.recipients:
            self.stdout.write(
                _("No focal point with an e-mail address is waiting: there is nobody to remind.")
            )
            return
        self.stdout.write(  # the confirmation page's sentences, in the reader's language
            ngettext(
                "This e-mail goes to %(counter)s focal point.",
                "This e-mail goes to %(counter)s focal points.",
                plan.recipients,
            )
            % {"counter": plan.recipients}
            + " "
            + _("States concerned: %(states)s.") % {"states": plan.states}
        )
        if not options["yes"]:
            for text in plan.texts():
                language = get_language_info(text.language)["name_translated"]
                heading = ngettext(
                    "In %(language)s, to %(counter)s person",
                    "In %(language)s, to %(counter)s people",
                    text.recipients,
                ) % {"language": language, "counter": text.recipients}
                self.stdout.write(f"\n{heading}\n{text.subject}")
                self.stdout.write(text.body)
            self.stdout.write("\n" + _("Nothing sent. Run again with --yes to send it."))
            return
        count = services.send_reminders(cycle, actor=user, states=states)
        self.stdout.write(
            ngettext(
                "A reminder was sent to the focal points of %(count)s State.",
                "Reminders were sent to the focal points of %(count)s States.",
                count,
            )
            % {"count": count}
        )

    def do_start(self, options: dict[str, Any], user: User | None) -> None:
        if user is None:
            raise CommandError(_("Give --user: the username of the person acting."))
        state = State.objects.get(iso3=options["state"].upper())
        report, carry = services.start_report(
            state, self._cycle(options["cycle"]), actor=user, language=options["language"]
        )
        self.stdout.write(
            f"Draft {report.pk} started; {len(carry.carried)} answers copied forward."
        )
        for question in carry.not_carried:
            self.stdout.write(f"  not carried over: {question.number} {question.qid}")

    def do_submit(self, options: dict[str, Any], user: User | None) -> None:
        if user is None:
            raise CommandError(_("Give --user: the username of the person acting."))
        report = self._report(options)
        if options.get("publication"):
            report = services.set_visibility(report, options["publication"], actor=user)
        report = services.submit_report(report, actor=user)
        self.stdout.write(f"Report {report.pk} submitted (version {report.version}).")

    def do_export(self, options: dict[str, Any], user: User | None) -> None:
        from salw.reporting.exports import report_as_json

        data = report_as_json(self._report(options), options["language"])
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
