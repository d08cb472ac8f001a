from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salw.core.checkpoints import (
    CheckpointError,
    keep_checkpoint,
    mail_checkpoint,
    make_checkpoint,
    read_checkpoint,
    write_checkpoint,
)
from salw.core.exit_codes import ExitCode
from salw.core.history_check import HistoryCheck, verify_history
from salw.core.written_rows import RowFinding


class Command(BaseCommand):
    help = (
        "Check that the change log is intact: every row still carries the hash of its content "
        "and of the row before it, and every imported row still holds what its import wrote. "
        "Names the first row that was changed, inserted or removed. With --checkpoint, also "
        "finds newest rows removed since that signed checkpoint. When all is intact, writes a "
        "signed checkpoint to the checkpoint directory (and --write-checkpoint FILE) and mails "
        "it to SALW_HISTORY_CHECKPOINT_EMAIL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            type=Path,
            metavar="FILE",
            help="A checkpoint written earlier: the log must still hold what it records.",
        )
        parser.add_argument(
            "--write-checkpoint",
            type=Path,
            metavar="FILE",
            help="Also write the new signed checkpoint to FILE (keep it off this machine).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expected = None
        if options["checkpoint"] is not None:
            try:
                expected = read_checkpoint(options["checkpoint"])
            except CheckpointError as error:
                raise CommandError(str(error)) from error
        result = verify_history(expected)
        if not result.intact:
            raise CommandError(
                "\n".join(_problems(result, expected)), returncode=ExitCode.HISTORY_ALTERED
            )
        self.stdout.write(
            ngettext(
                "History intact: %(count)s row checked. Newest hash: %(hash)s",
                "History intact: %(count)s rows checked. Newest hash: %(hash)s",
                result.rows,
            )
            % {"count": result.rows, "hash": result.head}
        )
        if expected is not None:
            self.stdout.write(
                ngettext(
                    "The log still holds the %(rows)s row of the checkpoint of %(time)s.",
                    "The log still holds the %(rows)s rows of the checkpoint of %(time)s.",
                    expected.rows,
                )
                % {"rows": expected.rows, "time": expected.time}
            )
        document = make_checkpoint(result.rows, result.head_id, result.head)
        kept = keep_checkpoint(document)
        self.stdout.write(_("Signed checkpoint written to %(file)s.") % {"file": kept})
        if options["write_checkpoint"] is not None:
            try:
                write_checkpoint(document, options["write_checkpoint"])
            except OSError as error:
                raise CommandError(
                    _("Cannot write the checkpoint file %(file)s: %(reason)s.")
                    % {"file": options["write_checkpoint"], "reason": error.strerror or error}
                ) from error
            self.stdout.write(
                _("Signed checkpoint written to %(file)s.") % {"file": options["write_checkpoint"]}
            )
        if sent := mail_checkpoint(document):
            self.stdout.write(
                _("Signed checkpoint mailed to %(addresses)s.") % {"addresses": ", ".join(sent)}
            )


def _problems(result: HistoryCheck, expected: Any) -> list[str]:
    lines: list[str] = []
    if (broken := result.chain_break) is not None:
        reasons = {
            "content": _("its content no longer matches its hash"),
            "previous-hash": _(
                "it does not follow the row before it (a row was removed, inserted or changed)"
            ),
        }
        lines.append(
            _("History tampered with at change log row %(id)s: %(reason)s.")
            % {"id": broken.entry_id, "reason": reasons[broken.reason]}
        )
    if result.checkpoint_problem == "rows-removed":
        missing = expected.rows - result.rows
        lines.append(
            ngettext(
                "History cut short: the checkpoint of %(time)s counted %(expected)s change log "
                "rows, the log now holds %(rows)s: the newest row was removed.",
                "History cut short: the checkpoint of %(time)s counted %(expected)s change log "
                "rows, the log now holds %(rows)s: the newest %(missing)s rows were removed.",
                missing,
            )
            % {
                "time": expected.time,
                "expected": expected.rows,
                "rows": result.rows,
                "missing": missing,
            }
        )
    elif result.checkpoint_problem == "head-differs":
        lines.append(
            _(
                "History rewritten: change log row number %(rows)s no longer has the hash the "
                "checkpoint of %(time)s signed (row %(id)s then): rows were removed and others "
                "written in their place."
            )
            % {"rows": expected.rows, "time": expected.time, "id": expected.head_id}
        )
    lines += [_finding(finding) for finding in result.row_findings]
    if hidden := result.row_findings_total - len(result.row_findings):
        lines.append(
            ngettext(
                "… and %(count)s more imported row.", "… and %(count)s more imported rows.", hidden
            )
            % {"count": hidden}
        )
    return lines


def _finding(finding: RowFinding) -> str:
    values = {
        "type": finding.object_type,
        "id": finding.first_id,
        "last": finding.last_id,
        "entry": finding.entry_id,
    }
    if finding.reason == "removed":
        text = _(
            "Imported row %(type)s %(id)s (import batch at change log row %(entry)s) was "
            "removed behind the application's back."
        )
    elif finding.reason == "changed-after-log":
        text = _(
            "Imported row %(type)s %(id)s (import batch at change log row %(entry)s) no "
            "longer holds what its newest logged change wrote: it was edited behind the "
            "application's back."
        )
    elif finding.first_id == finding.last_id:
        text = _(
            "Imported row %(type)s %(id)s (import batch at change log row %(entry)s) was "
            "edited behind the application's back."
        )
    else:
        text = _(
            "One of the imported rows %(type)s %(id)s to %(last)s (import batch at change log "
            "row %(entry)s) was edited behind the application's back."
        )
    return text % values
