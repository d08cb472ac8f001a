"""The actions of `salw registry`, kept apart from the argument parsing.

Each one reads through the permission layer as the `--as` user, so the command line sees exactly
what that person sees on the pages.
"""

import datetime
import json
from argparse import ArgumentParser
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from salw.accounts.models import User
from salw.core.permissions import get_visible_or_404, user_may
from salw.registry.export import weapon_record
from salw.registry.management.importing import add_import_arguments, run_import
from salw.registry.models import Weapon
from salw.registry.models.scope import READ_ROLES
from salw.registry.retention import due_for_review
from salw.registry.search import search_markings
from salw.registry.services.loading import load_reference

__all__ = ["ACTIONS", "add_arguments", "load_reference", "run"]

ACTIONS: dict[str, str] = {
    "show": "Print a weapon's record and history: show ID [--json].",
    "search": "Find weapons by a mark: search PATTERN (AB12* prefix, ? and * wildcards).",
    "retention": "List closed records whose ITI minimum retention ran out: retention [--as-of D].",
    "import": "Import a CSV or XLSX register: import FILE [--map serial='Serial No'] (resumable).",
}


def add_arguments(name: str, parser: ArgumentParser) -> None:
    if name == "show":
        parser.add_argument("weapon_id", type=int)
        parser.add_argument("--json", action="store_true", help="Print the JSON export.")
    elif name == "search":
        parser.add_argument("pattern")
    elif name == "import":
        add_import_arguments(parser)
    elif name == "retention":
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)


def run(action: str, user: User, options: dict[str, Any], out: TextIO) -> None:
    if not user_may(user, READ_ROLES):
        raise CommandError(
            _("%(user)s is not a record keeper or tracing officer of a State.") % {"user": user}
        )
    if action == "show":
        _show(user, options["weapon_id"], options["json"], out)
    elif action == "search":
        _search(user, options["pattern"], out)
    elif action == "import":
        run_import(user, options, out)
    elif action == "retention":
        _retention(user, options["as_of"], out)


def _show(user: User, weapon_id: int, as_json: bool, out: TextIO) -> None:
    try:
        weapon = get_visible_or_404(Weapon.objects.all(), user, pk=weapon_id)
    except Http404 as missing:
        raise CommandError(
            _("There is no weapon %(id)s on your register.") % {"id": weapon_id}
        ) from missing
    record = weapon_record(weapon, user)
    if as_json:
        out.write(json.dumps(record, ensure_ascii=False, indent=2))
        return
    facts = record["weapon"]
    out.write(f"Weapon {facts['id']}: {facts['type']}, {facts['manufacturer'] or '-'} ")
    out.write(f"{facts['model'] or facts['model_as_recorded'] or '-'}, {facts['calibre'] or '-'}")
    out.write(f"\nStatus: {facts['status']} since {facts['status_since'] or '-'}\n")
    for component in record["components"]:
        reference = " (reference)" if component["is_reference"] else ""
        out.write(f"Component {component['id']} {component['kind']}{reference}\n")
        for mark in component["markings"]:
            out.write(f"  {mark['kind']}: {mark['text_as_read']} [{mark['material']}]\n")
    out.write("History:\n")
    for event in record["history"]:
        moved = ""
        if event["from_weapon"]:
            moved = f" component {event['component']} from {event['from_weapon']}"
            moved += f" to {event['weapon']}"
        corrected = f" (corrected by {event['corrected_by']})" if event["corrected_by"] else ""
        out.write(f"  {event['date']} {event['kind']}{moved} {event['place']}{corrected}\n")


def _search(user: User, pattern: str, out: TextIO) -> None:
    try:
        hits = search_markings(user, pattern)
    except ValidationError as refused:
        raise CommandError("; ".join(refused.messages)) from refused
    for hit in hits:
        former = ", ".join(str(pk) for pk in hit.former_weapon_ids) or "-"
        out.write(
            f"weapon {hit.weapon_id}\t{hit.marking.text_as_read}\t"
            f"{hit.marking.component.kind}\tformerly on: {former}\n"
        )
    out.write(f"{len(hits)} mark(s) found.\n")


def _retention(user: User, as_of: datetime.date | None, out: TextIO) -> None:
    due = due_for_review(user, as_of)
    count = 0
    for weapon in due.iterator(chunk_size=2000):
        made = weapon.manufactured or "-"
        out.write(f"weapon {weapon.pk}\t{weapon.status}\tlast event {weapon.last_event}\t")
        out.write(f"manufactured {made}\n")
        count += 1
    out.write(f"{count} record(s) due for review.\n")
