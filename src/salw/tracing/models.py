"""Search keys of recorded serials for the marking-match engine."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salw.accounts.choices import Role
from salw.core.permissions import acting_state_id
from salw.markings.choices import ComponentKind
from salw.registry.choices import WeaponType
from salw.registry.models.scope import StateScopedQuerySet
from salw.tracing.choices import (
    STATE_AFTER,
    AnswerKind,
    Channel,
    HowFound,
    IllicitGround,
    Priority,
    RequestedAs,
    Step,
    WithholdingReason,
)


class _KeyRow(models.Model):
    """A key derived from one registry mark's serial, for range scans within one State.

    The whole row is the primary key (State, key, mark), and on SQLite the table is created
    WITHOUT ROWID (migration 0009): the table is its own index, so a key is stored once. At
    ten million marks that halves the space a table plus a secondary index takes. Derived rows,
    written in bulk by imports: no database-level foreign keys or extra indexes to maintain per
    row (marks are never deleted; `salw tracing index` rebuilds the keys from them).
    """

    state = models.ForeignKey(
        "states.State",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    marking = models.ForeignKey(
        "registry.Marking",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    objects = StateScopedQuerySet.as_manager()
    audited = False  # rebuilt from the audited marks

    class Meta:
        abstract = True


class SerialKey(_KeyRow):
    """The skeleton of a mark's serial: finds a reading whole or with a missing trailing part."""

    pk = models.CompositePrimaryKey("state", "skeleton", "marking")
    skeleton = models.CharField(_("skeleton"), max_length=100)

    def __str__(self) -> str:
        return self.skeleton


class ReversedSerialKey(_KeyRow):
    """The skeleton read backwards: finds a reading whose leading part is missing."""

    pk = models.CompositePrimaryKey("state", "reverse", "marking")
    reverse = models.CharField(_("reversed skeleton"), max_length=100)

    def __str__(self) -> str:
        return self.reverse


# The longest free text of a request or of a message: a page of a letter. Declared on the model
# fields; `services.check_content` and `services._record` hold every door to it.
TEXT_LIMIT = 10_000

# The content of a request: what the requesting State writes while it is a draft, what the API
# and the exchange document carry.
CONTENT_FIELDS = [
    "requested_as",
    "channel",
    "illicit_grounds",
    "legal_basis",
    "how_found",
    "found_on",
    "found_where",
    "found_circumstances",
    "weapon_type",
    "make",
    "model",
    "calibre",
    "country_of_manufacture",
    "year_of_manufacture",
    "serial_as_read",
    "markings_as_read",
    "intended_use",
    "confidentiality",
    "priority",
    "urgency_reason",
    "case_reference",
]


class TracingRequestQuerySet(models.QuerySet):
    """Only the tracing officers of the requesting State, and of the requested State once the
    request is sent, see a request. Nobody else does: not other States, not the secretariat
    (which sees aggregate figures only)."""

    def visible_to(self, user: Any) -> "TracingRequestQuerySet":
        state_id = acting_state_id(user, Role.TRACING_OFFICER)
        if state_id is None:
            return self.none()
        sent = TracingEvent.objects.filter(request=OuterRef("pk"), step=Step.SENT)
        return self.filter(
            Q(requesting_state_id=state_id) | Q(Exists(sent), requested_state_id=state_id)
        )

    def editable_by(self, user: Any) -> "TracingRequestQuerySet":
        """The request's content is the requesting State's to write, and only while a draft."""
        sent = TracingEvent.objects.filter(request=OuterRef("pk"), step=Step.SENT)
        return (
            self.visible_to(user)
            .filter(requesting_state_id=user.state_id if user.is_authenticated else None)
            .exclude(Exists(sent))
        )

    def with_status(self) -> "TracingRequestQuerySet":
        """Annotate each request with its current step and when it was sent, from its events."""
        steps = TracingEvent.objects.filter(request=OuterRef("pk"), step__in=list(STATE_AFTER))
        sent = TracingEvent.objects.filter(request=OuterRef("pk"), step=Step.SENT)
        acknowledged = TracingEvent.objects.filter(request=OuterRef("pk"), step=Step.ACKNOWLEDGED)
        answered = TracingEvent.objects.filter(request=OuterRef("pk"), step=Step.ANSWERED).exclude(
            answer_kind=AnswerKind.DELAYED
        )
        return self.annotate(
            status=Subquery(steps.order_by("-pk").values("step")[:1]),  # order of recording
            sent_at=Subquery(sent.order_by("at").values("at")[:1]),
            acknowledged_at=Subquery(acknowledged.order_by("at").values("at")[:1]),
            answered_at=Subquery(answered.order_by("at").values("at")[:1]),
        )


class TracingRequest(models.Model):
    """A request to trace one weapon, addressed to one requested State (ITI paras 14-19).

    A request to several States (manufacture, last import, others) is one row per requested
    State sharing the requester's `reference`, so each State sees only its own thread. The content
    is written while a draft; after sending, everything that happens is a `TracingEvent`.
    """

    reference = models.CharField(_("request reference"), max_length=40, db_index=True)
    requesting_state = models.ForeignKey(
        "states.State",
        verbose_name=_("requesting State"),
        on_delete=models.PROTECT,
        related_name="tracing_requests_made",
    )
    requested_state = models.ForeignKey(
        "states.State",
        verbose_name=_("requested State"),
        on_delete=models.PROTECT,
        related_name="tracing_requests_received",
    )
    requested_as = models.CharField(
        _("requested as"),
        max_length=20,
        choices=RequestedAs.choices,
        default=RequestedAs.MANUFACTURE,
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.DIRECT
    )
    illicit_grounds = models.JSONField(_("illicit grounds (ITI para 6)"), default=list)
    legal_basis = models.TextField(_("legal basis"), blank=True, max_length=TEXT_LIMIT)
    how_found = models.CharField(
        _("seized, found or surrendered"), max_length=12, choices=HowFound.choices
    )
    found_on = models.DateField(_("date seized, found or surrendered"))
    found_where = models.CharField(_("place"), max_length=200, blank=True)
    found_circumstances = models.TextField(_("circumstances"), blank=True, max_length=TEXT_LIMIT)
    weapon_type = models.CharField(_("type"), max_length=60, blank=True)
    make = models.CharField(_("make"), max_length=120, blank=True)
    model = models.CharField(_("model"), max_length=120, blank=True)
    calibre = models.CharField(_("calibre"), max_length=60, blank=True)
    country_of_manufacture = models.CharField(
        _("country of manufacture (ISO alpha-3)"), max_length=3, blank=True
    )
    year_of_manufacture = models.PositiveSmallIntegerField(
        _("year of manufacture"), null=True, blank=True
    )
    serial_as_read = models.CharField(
        _("serial as read"),
        max_length=60,
        help_text=_("Type ? for each character you cannot read; leave out what is missing."),
    )
    # Every marking on every component, exactly as read: a list of {"component", "text",
    # "obliterated", "partly_legible"}; kept as read, never normalised (the engine does that).
    markings_as_read = models.JSONField(_("markings as read"), default=list, blank=True)
    intended_use = models.TextField(_("intended use of the information"), max_length=TEXT_LIMIT)
    confidentiality = models.TextField(
        _("confidentiality conditions"), blank=True, max_length=TEXT_LIMIT
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.ROUTINE
    )
    urgency_reason = models.TextField(_("reason for urgency"), blank=True, max_length=TEXT_LIMIT)
    case_reference = models.CharField(_("requester's case reference"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted at"), default=timezone.now)

    objects = TracingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("tracing request")
        verbose_name_plural = _("tracing requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} → {self.requested_state_id}"

    def weapon_type_label(self) -> str:
        """The type in the reader's language, also when an older request wrote it in words of
        one of the site's languages ("手枪" reads "Pistola" in Spanish); a type none of the
        lists names is shown as written."""
        from salw.registry.importer.columns import coded_value  # the registry's six languages

        code = self.weapon_type if self.weapon_type in WeaponType.values else ""
        code = code or coded_value(WeaponType, self.weapon_type)
        return str(WeaponType(code).label) if code else self.weapon_type

    def status_label(self) -> str:
        """The current step in words (on rows annotated by `with_status()`)."""
        status = getattr(self, "status", None)
        return str(Step(status).label) if status else ""

    def markings_read(self) -> list[dict[str, Any]]:
        """The markings as read, each with its component's name in the reader's language (a
        component named otherwise, by an exchange document, keeps its name)."""
        names = dict(ComponentKind.choices)
        return [
            {**m, "component_label": names.get(m.get("component"), m.get("component"))}
            for m in self.markings_as_read
        ]

    def illicit_ground_labels(self) -> list[str]:
        return [
            str(IllicitGround(g).label) for g in self.illicit_grounds if g in IllicitGround.values
        ]


class TracingEvent(models.Model):
    """One step of a request, recorded once and never changed (database triggers refuse it).

    The request's current state is the latest of its status steps; an answer's `released` is
    what the requested State chose to release, after confirming a candidate in its registry.
    """

    request = models.ForeignKey(
        TracingRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="events"
    )
    step = models.CharField(_("step"), max_length=14, choices=Step.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.ForeignKey(
        "states.State", verbose_name=_("on behalf of"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("message"), blank=True, max_length=TEXT_LIMIT)
    answer_kind = models.CharField(
        _("answer"), max_length=10, choices=AnswerKind.choices, blank=True
    )
    reason = models.CharField(
        _("reason"), max_length=16, choices=WithholdingReason.choices, blank=True
    )
    weapon = models.ForeignKey(
        "registry.Weapon",
        verbose_name=_("weapon confirmed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released = models.JSONField(_("information released"), default=dict, blank=True)
    diversion_established = models.BooleanField(_("point of diversion established"), null=True)
    diversion_where = models.CharField(_("where diverted"), max_length=200, blank=True)
    diversion_when = models.CharField(_("when diverted"), max_length=100, blank=True)
    diversion_how = models.TextField(_("how diverted"), blank=True)
    # Received from the other State by an exchange document: `state` is the State it came
    # from, `actor` the officer of this installation who imported it, never its author.
    by_exchange = models.BooleanField(_("received by exchange"), default=False)
    # Sent to a State with nobody on this installation: the requesting officer passes the
    # exchange document on (their own channel, or the secretariat to its focal point).
    sent_as_document = models.BooleanField(_("sent as an exchange document"), default=False)

    class Meta:
        verbose_name = _("tracing event")
        verbose_name_plural = _("tracing events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.step}"


class RequestView(models.Model):
    """Who opened a request, and when: every view is logged (append-only)."""

    request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=8, default="page")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.viewer_id} viewed {self.request_id}"


class LostStolenAlertQuerySet(StateScopedQuerySet):
    """The State's record keepers and tracing officers see its alerts (as its registry); only
    its tracing officers handle them."""

    def editable_by(self, user: Any) -> "LostStolenAlertQuerySet":
        state_id = acting_state_id(user, Role.TRACING_OFFICER)
        return self.none() if state_id is None else self.filter(state_id=state_id)

    def open(self) -> "LostStolenAlertQuerySet":
        return self.filter(handled_at__isnull=True)

    def handled(self) -> "LostStolenAlertQuerySet":
        return self.filter(handled_at__isnull=False)


class LostStolenAlert(models.Model):
    """A request or search hit a weapon its State recorded lost or stolen (issue item 4).

    A tracing officer of the State marks it handled, with a note; the alert itself is kept.
    """

    state = models.ForeignKey("states.State", on_delete=models.PROTECT, related_name="+")
    weapon = models.ForeignKey("registry.Weapon", on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        TracingRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_note = models.TextField(_("note"), blank=True)

    objects = LostStolenAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("lost or stolen alert")
        verbose_name_plural = _("lost or stolen alerts")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"alert {self.weapon_id}"


from salw.tracing.models_cases import TracingCase  # noqa: E402,F401 - one models module for Django
from salw.tracing.models_photos import RequestPhoto  # noqa: E402,F401
from salw.tracing.models_reminders import TracingReminder  # noqa: E402,F401
