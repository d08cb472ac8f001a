"""`salw tracing cases | case | open-case | add-to-case | sdg`: cases and SDG 16.4.2 from the
command line, through the services and visibility of the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, OutputWrapper
from django.utils.translation import gettext as _

from salw.accounts.models import User
from salw.core.context import Actor, acting_as
from salw.registry.models import Weapon
from salw.states.models import State
from salw.tracing.cases import (
    add_to_case,
    case_contents,
    case_suggestions,
    open_case,
    shared_labels,
)
from salw.tracing.models import TracingRequest
from salw.tracing.models_cases import TracingCase
from salw.tracing.sdg import indicator, indicator_csv, indicator_for


def _line(request: TracingRequest) -> str:
    status = getattr(request, "status", "") or ""
    return (
        f"{request.reference:<20} {request.requesting_state.iso3}->"
        f"{request.requested_state.iso3}  {status}"
    )


class CaseActions:
    """The case and SDG actions of `salw tracing`; each acts as `--user` where a user sees."""

    stdout: OutputWrapper

    def _user(self, options: dict[str, Any], action: str) -> User:
        user = User.objects.filter(username=options["user"] or "").first()
        if user is None:
            raise CommandError(
                _("%(action)s needs --user (an existing username).") % {"action": action}
            )
        return user

    def _visible_case(self, options: dict[str, Any], user: User) -> TracingCase:
        case = TracingCase.objects.visible_to(user).filter(pk=options["case"] or 0).first()
        if case is None:
            raise CommandError(_("Give --case: the number of a case this user may see."))
        return case

    def do_cases(self, options: dict[str, Any], state: State | None) -> None:
        """The cases the user may see; with --state, those that State opened."""
        user = self._user(options, "cases")
        cases = TracingCase.objects.visible_to(user).select_related("state")
        if state is not None:
            cases = cases.filter(state=state)
        if not cases:
            self.stdout.write("No case.")
        for case in cases:
            self.stdout.write(
                f"#{case.pk:<5} {case.state.iso3}  {case.created_at:%Y-%m-%d}  {case.title}"
            )

    def do_case(self, options: dict[str, Any], state: State | None) -> None:
        """One case as the user sees it: requests, weapons and suggested links."""
        user = self._user(options, "case")
        contents = case_contents(self._visible_case(options, user), user)
        case = contents.case
        self.stdout.write(
            f"Case #{case.pk}: {case.title} (opened by {case.state.iso3}, "
            f"{case.created_at:%Y-%m-%d})"
        )
        self.stdout.write("Requests:")
        for request in contents.requests:
            self.stdout.write(f"  {_line(request)}")
        self.stdout.write("Seized weapons:")
        for weapon in contents.weapons:
            self.stdout.write(f"  {weapon}  {weapon.status}")
        self.stdout.write("Suggested links:")
        labels = shared_labels()
        for other, kinds in case_suggestions(case, user):
            self.stdout.write(f"  {_line(other)}  {'; '.join(labels[k] for k in kinds)}")

    def do_open_case(self, options: dict[str, Any], state: State | None) -> None:
        user = self._user(options, "open-case")
        with acting_as(Actor(user_id=user.pk, label=f"cli:{user.username}")):
            try:
                case = open_case(options["title"] or "", actor=user)
            except ValidationError as refused:
                raise CommandError("; ".join(refused.messages)) from refused
            except PermissionDenied as refused:
                raise CommandError(_("This user may not open a case.")) from refused
        self.stdout.write(f"Case #{case.pk} opened: {case.title}")

    def do_add_to_case(self, options: dict[str, Any], state: State | None) -> None:
        """--request ID (a request the user may see) or --weapon ID (of the user's registry)."""
        user = self._user(options, "add-to-case")
        case = self._visible_case(options, user)
        if not options["request"] and not options["weapon"]:
            raise CommandError(_("add-to-case needs --request or --weapon."))
        request = weapon = None
        if options["request"]:
            request = TracingRequest.objects.visible_to(user).filter(pk=options["request"]).first()
            if request is None:
                raise CommandError(
                    _("There is no request #%(id)s that this user may see.")
                    % {"id": options["request"]}
                )
        if options["weapon"]:
            weapon = Weapon.objects.visible_to(user).filter(pk=options["weapon"]).first()
            if weapon is None:
                raise CommandError(
                    _("There is no weapon #%(id)s in this user's register.")
                    % {"id": options["weapon"]}
                )
        with acting_as(Actor(user_id=user.pk, label=f"cli:{user.username}")):
            try:
                add_to_case(case, actor=user, request=request, weapon=weapon)
            except PermissionDenied as refused:
                raise CommandError(
                    _("Only the State that opened the case adds to it.")
                ) from refused
        self.stdout.write(f"Added to case #{case.pk}.")

    def do_sdg(self, options: dict[str, Any], state: State | None) -> None:
        """SDG 16.4.2 per State and year: every State's (or --state's), or, with --user, what
        that user may see on the page; --year for one year, --csv for the page's CSV."""
        if options["user"]:
            rows = indicator_for(self._user(options, "sdg"), state=state, year=options["year"])
        else:
            rows = indicator(state.pk if state else None, year=options["year"])
        if options["csv"]:
            self.stdout.write(indicator_csv(rows, bom=False), ending="")
            return
        if not rows:
            self.stdout.write("No seizure, find or surrender recorded.")
            return
        self.stdout.write("State  Year  Seized  Found  Surrendered  Total  Established  %")
        for r in rows:
            share = "—" if r.percentage is None else f"{r.percentage}"
            self.stdout.write(
                f"{r.state.iso3:<6} {r.year:<5} {r.seized:>6} {r.found:>6} {r.surrendered:>12} "
                f"{r.total:>6} {r.established:>12}  {share}"
            )
