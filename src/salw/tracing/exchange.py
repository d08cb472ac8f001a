"""Exchange of a request and its answer between installations, as a documented JSON document.

`export_document` writes the request's content (every field of `CONTENT`), both States by ISO
alpha-3 code, and its answers and closing. `import_document` takes one in, after
`read_document` has held it to the size and nesting limits and `DOCUMENT_SCHEMA` has validated
all of it (every error named by its place: "event 2, field answer_kind"):

- on the requested State's installation it records the request as *received* (drafted and sent,
  marked `by_exchange`, by the importing officer, on behalf of the requesting State);
- on the requesting State's installation it adds the answers it does not hold yet, each marked
  `by_exchange`: received from the requested State, imported by the officer, never written by
  that State's officer.

A document never acts for a State that is on this installation (has users): that State writes
here itself. The importer writes only for their own State (`require_write`), and only its own
side of the request. The document's fields and the schema are published in docs/tracing.md.
"""

import json
from typing import Any

import jsonschema
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from salw.accounts.models import User
from salw.core.permissions import require_write
from salw.markings.templatetags.marks import ltr_text
from salw.states.models import State
from salw.tracing.choices import AnswerKind, IllicitGround, Step
from salw.tracing.forms_markings import MAX_MARKINGS, MAX_TEXT
from salw.tracing.models import CONTENT_FIELDS, TracingEvent, TracingRequest
from salw.tracing.services import REQUEST_ROLES, check_content, writer_of

FORMAT = "salw-tracing-request/1"
EXCHANGED_STEPS = (Step.ANSWERED, Step.CLOSED)
EVENT_FIELDS = ("answer_kind", "reason", "text", "released", "diversion_established",
                "diversion_where", "diversion_when", "diversion_how")  # fmt: skip

# Limits of a document, declared once (issue 13 item 2): a request with its answers and the
# information released is a few kilobytes; the depth of the deepest answer is 6.
MAX_DOCUMENT_BYTES = 1024 * 1024
MAX_DEPTH = 12
MAX_EVENTS = 200
MAX_ERRORS = 20  # errors named in one refusal: enough to fix a document, not a flood


def _field_schema(field: models.Field) -> dict[str, Any]:
    """A model field's JSON type and limits, so the document's limits are the model's."""
    if isinstance(field, models.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(field, models.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, models.BooleanField):
        return {"type": ["boolean", "null"] if field.null else "boolean"}
    if isinstance(field, models.IntegerField):
        schema: dict[str, Any] = {"type": ["integer", "null"] if field.null else "integer"}
        # The field's own validators only: `field.validators` adds the database's integer
        # range, and the published schema must not change with the database.
        for validator in field._validators:
            if isinstance(validator, MinValueValidator):
                schema["minimum"] = validator.limit_value
            if isinstance(validator, MaxValueValidator):
                schema["maximum"] = validator.limit_value
        return schema
    if isinstance(field, models.CharField | models.TextField):
        schema = {"type": "string"}
        if field.max_length:
            schema["maxLength"] = field.max_length
        if field.choices:
            schema["enum"] = [value for value, _label in field.flatchoices] + (
                [""] if field.blank else []
            )
        return schema
    raise TypeError(f"no exchange type for {field!r}")  # a new content field: declare it here


def _content_schema() -> dict[str, Any]:
    meta = TracingRequest._meta
    properties: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        if name == "illicit_grounds":
            properties[name] = {
                "type": "array",
                "minItems": 1,
                "items": {"enum": list(IllicitGround.values)},
            }
        elif name == "markings_as_read":  # as the API's `markings_as_read[]`
            properties[name] = {
                "type": "array",
                "maxItems": MAX_MARKINGS,
                "items": {
                    "type": "object",
                    "properties": {
                        "component": {"type": "string", "maxLength": 60},
                        "text": {"type": "string", "maxLength": MAX_TEXT},
                        "obliterated": {"type": "boolean"},
                        "partly_legible": {"type": "boolean"},
                    },
                    "required": ["component", "text"],
                    "additionalProperties": False,
                },
            }
        elif name == "year_of_manufacture":  # the range the API and the form accept
            properties[name] = {"type": ["integer", "null"], "minimum": 1800, "maximum": 2100}
        else:
            properties[name] = _field_schema(meta.get_field(name))
    required = [
        name
        for name in CONTENT_FIELDS
        if not meta.get_field(name).blank and not meta.get_field(name).has_default()
    ]
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _event_schema() -> dict[str, Any]:
    meta = TracingEvent._meta
    properties: dict[str, Any] = {
        "step": {"enum": [str(step) for step in EXCHANGED_STEPS]},
        "at": _field_schema(meta.get_field("at")),
        "released": {"type": "object"},
    }
    for name in EVENT_FIELDS:
        if name != "released":
            properties[name] = _field_schema(meta.get_field(name))
    return {
        "type": "object",
        "properties": properties,
        "required": ["step"],
        "additionalProperties": False,
        # An answer says which kind it is; only a delayed or declined one needs its reason.
        "if": {"properties": {"step": {"const": Step.ANSWERED.value}}},
        "then": {
            "required": ["answer_kind"],
            "properties": {"answer_kind": {"enum": list(AnswerKind.values)}},
        },
    }


def _state_code() -> dict[str, Any]:
    return {"type": "string", "pattern": "^[A-Za-z]{3}$"}


def document_schema() -> dict[str, Any]:
    """The JSON Schema of an exchange document (published in docs/tracing.md)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": FORMAT,
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "reference": {
                "type": "string",
                "minLength": 1,
                "maxLength": TracingRequest._meta.get_field("reference").max_length,
            },
            "requesting_state": _state_code(),
            "requested_state": _state_code(),
            "request": _content_schema(),
            "events": {"type": "array", "maxItems": MAX_EVENTS, "items": _event_schema()},
        },
        "required": [
            "format",
            "reference",
            "requesting_state",
            "requested_state",
            "request",
            "events",
        ],
        "additionalProperties": False,
    }


DOCUMENT_SCHEMA = document_schema()
_VALIDATOR = jsonschema.Draft202012Validator(
    DOCUMENT_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def export_document(request: TracingRequest) -> dict[str, Any]:
    content = {name: getattr(request, name) for name in CONTENT_FIELDS}
    content["found_on"] = request.found_on.isoformat()
    return {
        "format": FORMAT,
        "reference": request.reference,
        "requesting_state": request.requesting_state.iso3,
        "requested_state": request.requested_state.iso3,
        "request": content,
        "events": [
            {"step": e.step, "at": e.at.isoformat(), **{f: getattr(e, f) for f in EVENT_FIELDS}}
            for e in request.events.filter(step__in=EXCHANGED_STEPS)
        ],
    }


# Reading and validating ---------------------------------------------------------------------


def _too_deep(text: str) -> bool:
    """True if arrays and objects nest deeper than MAX_DEPTH (checked before parsing, so a
    hostile document never reaches the parser's recursion)."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def check_size(size: int) -> None:
    """Refuse a document of `size` bytes over MAX_DOCUMENT_BYTES (before it is read whole)."""
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {
                "document": _("The document is larger than %(limit)s KB.")
                % {"limit": MAX_DOCUMENT_BYTES // 1024}
            }
        )


def read_document(raw: bytes | str) -> Any:
    """The parsed JSON of a document, refused if larger than MAX_DOCUMENT_BYTES, nested deeper
    than MAX_DEPTH, not UTF-8 or not JSON. Pages, API and CLI read documents through this."""
    check_size(len(raw))
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as broken:
        raise ValidationError(
            {"document": _("The document is not UTF-8 text (byte %(at)s).") % {"at": broken.start}}
        ) from broken
    if _too_deep(text):
        raise ValidationError(
            {
                "document": _("The document nests deeper than %(limit)s levels.")
                % {"limit": MAX_DEPTH}
            }
        )
    try:
        return json.loads(text)
    except ValueError as broken:
        raise ValidationError(
            {
                "document": _("The document is not JSON (line %(line)s, column %(column)s).")
                % {"line": getattr(broken, "lineno", "?"), "column": getattr(broken, "colno", "?")}
            }
        ) from broken


def _problem(error: jsonschema.ValidationError) -> str:
    """What is wrong, in the reader's language (jsonschema's own messages are English only)."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else ""
        return _("the field “%(field)s” is missing.") % {"field": ltr_text(missing)}
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(schema.get("properties", {})))
        return _("“%(fields)s” is not a field of an exchange document.") % {
            "fields": ltr_text(", ".join(extra))
        }
    if error.validator in ("enum", "const"):
        allowed = schema.get("enum") or [schema.get("const")]
        return _("%(value)s is not one of: %(allowed)s.") % {
            "value": ltr_text(json.dumps(error.instance, ensure_ascii=False)[:60]),
            "allowed": ltr_text(", ".join(str(v) for v in allowed if v != "")),
        }
    if error.validator == "type":
        return _("should be of the JSON type %(type)s.") % {"type": error.validator_value}
    if error.validator == "maxLength":
        return _("is longer than %(limit)s characters.") % {"limit": error.validator_value}
    if error.validator == "minLength":
        return _("is empty.")
    if error.validator in ("maxItems", "minItems"):
        return _("should have between %(low)s and %(high)s items.") % {
            "low": schema.get("minItems", 0),
            "high": schema.get("maxItems", "…"),
        }
    if error.validator in ("minimum", "maximum"):
        return _("is out of range.")
    if error.validator == "format":
        return _("is not a date in the form %(form)s.") % {
            "form": "YYYY-MM-DD" if error.validator_value == "date" else "ISO 8601"
        }
    if error.validator == "pattern":
        return _("is not an ISO alpha-3 code.")
    return _("is not valid.")


def _where(path: list[Any]) -> str:
    """The place of an error, naming the event by its number (from 1) and the field. Field
    names and values are isolated left-to-right, so that an Arabic sentence keeps them whole."""
    if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
        field = ".".join(str(p) for p in path[2:])
        if field:
            return _("Event %(number)s, field “%(field)s”") % {
                "number": path[1] + 1,
                "field": ltr_text(field),
            }
        return _("Event %(number)s") % {"number": path[1] + 1}
    if not path:
        return _("The document")
    return _("Field “%(field)s”") % {"field": ltr_text(".".join(str(p) for p in path))}


def validate_document(document: Any) -> None:
    """Refuse the document, naming each error's place, unless it fits DOCUMENT_SCHEMA."""
    errors = sorted(_VALIDATOR.iter_errors(document), key=lambda e: list(map(str, e.path)))
    if not errors:
        return
    messages: dict[str, list[str]] = {}
    for error in errors[:MAX_ERRORS]:
        path = list(error.absolute_path)
        key = str(path[0]) if path else "document"
        message = _("%(where)s: %(problem)s") % {"where": _where(path), "problem": _problem(error)}
        if message not in messages.setdefault(key, []):  # an enum checked in two branches
            messages[key].append(message)
    raise ValidationError(messages)


# Taking in ----------------------------------------------------------------------------------


def acts_here(state: State) -> bool:
    """True if the State has users on this installation: it writes here itself, and no
    document may write in its name."""
    return User.objects.filter(organisation__state=state, is_active=True).exists()


def _state(code: str, field: str) -> State:
    state = State.objects.filter(iso3=code.upper()).first()
    if state is None:
        raise ValidationError({field: _("No State with the code %(code)s.") % {"code": code}})
    return state


def _forbidden(message: str) -> PermissionDenied:
    return PermissionDenied(message)


@transaction.atomic
def import_document(document: Any, *, actor: Any) -> TracingRequest:
    """Take in a request (on the requested State's side) or its answers (on the requester's).

    The whole document is validated first; then the actor must be a tracing officer of one of
    its two States, and the other State must not be on this installation when the document
    would write in its name. Refusals are ValidationError (a bad document) or PermissionDenied
    (a document that would act for another State), each with a translated message.
    """
    if not getattr(actor, "is_authenticated", False) or not actor.has_role(*REQUEST_ROLES):
        raise PermissionDenied
    validate_document(document)
    requesting = _state(document["requesting_state"], "requesting_state")
    requested = _state(document["requested_state"], "requested_state")
    if requesting.pk == requested.pk:
        raise ValidationError(
            {"requested_state": _("A State does not send a tracing request to itself.")}
        )
    if actor.state_id == requested.pk:
        return _receive(document, requesting, requested, actor)
    if actor.state_id == requesting.pk:
        return _answers(document, requesting, requested, actor)
    raise _forbidden(
        _("You may take in only documents of your own State's requests, made or received.")
    )


def _receive(
    document: dict[str, Any], requesting: State, requested: State, actor: Any
) -> TracingRequest:
    """The requested State's officer records a request received from outside."""
    require_write(actor, requested.pk, *REQUEST_ROLES)
    if acts_here(requesting):
        raise _forbidden(
            _(
                "%(state)s works on this installation: it sends its requests here itself, and "
                "a document cannot make a request in its name."
            )
            % {"state": requesting.name}
        )
    if document["events"]:  # the requested State's answers are written here, by answering
        raise ValidationError(
            {
                "events": _(
                    "Event %(number)s (%(step)s): a request is received without events; its "
                    "answers are written on this installation."
                )
                % {"number": 1, "step": document["events"][0]["step"]}
            }
        )
    reference = document["reference"]
    if TracingRequest.objects.filter(reference=reference, requested_state=requested).exists():
        raise ValidationError({"reference": _("This request is already here.")})
    content = dict(document["request"])
    content["found_on"] = parse_date(content["found_on"])
    check_content(content)
    request = TracingRequest(
        reference=reference,
        requesting_state=requesting,
        requested_state=requested,
        created_by=actor,
        **content,
    )
    request.full_clean()  # choices and lengths, as if typed here
    request.save()
    note = _("Received by exchange from %(state)s.") % {"state": requesting.iso3}
    for step in (Step.DRAFTED, Step.SENT):
        TracingEvent.objects.create(
            request=request, step=step, actor=actor, state=requesting, text=note, by_exchange=True
        )
    return request


def _answers(
    document: dict[str, Any], requesting: State, requested: State, actor: Any
) -> TracingRequest:
    """The requesting State's officer records the answers received from the requested State."""
    require_write(actor, requesting.pk, *REQUEST_ROLES)
    request = (
        TracingRequest.objects.visible_to(actor)
        .filter(reference=document["reference"], requested_state=requested)
        .first()
    )
    if request is None:
        raise ValidationError({"reference": _("No request of yours has this reference.")})
    events = list(enumerate(document["events"], start=1))
    held = {
        step: request.events.filter(step=step, state_id=writer_of(request, step)).count()
        for step in EXCHANGED_STEPS
    }
    # Closing is the requester's own step: it is written here, never taken in.
    closings = [(n, e) for n, e in events if e["step"] == Step.CLOSED]
    if len(closings) > held[Step.CLOSED]:
        number = closings[held[Step.CLOSED]][0]
        raise ValidationError(
            {
                "events": _(
                    "Event %(number)s (closed): your State closes its requests on this "
                    "installation; a closing is not taken in."
                )
                % {"number": number}
            }
        )
    answers = [(n, e) for n, e in events if e["step"] == Step.ANSWERED]
    new = answers[held[Step.ANSWERED] :]
    if new and acts_here(requested):
        raise _forbidden(
            _(
                "Event %(number)s (answered): %(state)s works on this installation and answers "
                "here itself; an answer in its name cannot be taken in."
            )
            % {"number": new[0][0], "state": requested.name}
        )
    if new and request.events.filter(step=Step.SENT).count() == 0:
        raise ValidationError({"events": _("This request was not sent: it has no answers.")})
    for number, event in new:
        kind, reason = event["answer_kind"], event.get("reason", "")
        if kind in (AnswerKind.DECLINED, AnswerKind.DELAYED) and not reason:
            raise ValidationError(
                {
                    "events": _(
                        "Event %(number)s, field “reason”: a delayed or declined answer needs "
                        "its reason."
                    )
                    % {"number": number}
                }
            )
        TracingEvent.objects.create(
            request=request,
            step=Step.ANSWERED,
            actor=actor,
            state=requested,
            by_exchange=True,
            text=event.get("text", ""),
            answer_kind=kind,
            reason=reason,
            released=event.get("released", {}),
        )
        if kind == AnswerKind.DELAYED:  # as `services.answer`: the request waits again
            TracingEvent.objects.create(
                request=request,
                step=Step.ACKNOWLEDGED,
                actor=actor,
                state=requested,
                by_exchange=True,
                text=_("Answer delayed."),
            )
    return request
