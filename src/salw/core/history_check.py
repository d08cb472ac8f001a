"""One pass over the change log that checks everything `verify-history` promises.

The chain (each row's hash over its content and the previous hash), the rows that imports wrote
without signals (`written_rows`), and, given a signed checkpoint, that the log is not shorter
than it was then and still holds the same row at the checkpoint's position. The log is read in
batches of ids and each import batch's rows in runs of ids: memory stays bounded however long
the history is.
"""

from dataclasses import dataclass, field

from salw.core.changelog import GENESIS_HASH, ChainBreak, hashed_content, iter_chain, row_hash
from salw.core.checkpoints import Checkpoint
from salw.core.written_rows import RowFinding, batch_record_of, check_batch

MAX_ROW_FINDINGS = 100  # named one by one; beyond that only counted


@dataclass
class HistoryCheck:
    """What one verification found."""

    rows: int = 0
    head_id: int | None = None
    head: str = GENESIS_HASH
    chain_break: ChainBreak | None = None
    row_findings: list[RowFinding] = field(default_factory=list)
    row_findings_total: int = 0
    batches_checked: int = 0
    # Against a checkpoint: "rows-removed" (fewer rows) or "head-differs" (another row there).
    checkpoint_problem: str | None = None

    @property
    def intact(self) -> bool:
        return (
            self.chain_break is None
            and not self.row_findings_total
            and self.checkpoint_problem is None
        )


def verify_history(checkpoint: Checkpoint | None = None) -> HistoryCheck:
    """Walk the whole log once; see the module's docstring."""
    result = HistoryCheck()
    expected_prev = GENESIS_HASH
    hash_at_checkpoint = GENESIS_HASH if checkpoint is not None and checkpoint.rows == 0 else None
    for entry in iter_chain():
        if entry.prev_hash != expected_prev:
            result.chain_break = ChainBreak(entry.pk, "previous-hash")
            break
        if row_hash(entry.prev_hash, hashed_content(entry)) != entry.hash:
            result.chain_break = ChainBreak(entry.pk, "content")
            break
        expected_prev = entry.hash
        result.rows += 1
        result.head_id, result.head = entry.pk, entry.hash
        if checkpoint is not None and result.rows == checkpoint.rows:
            hash_at_checkpoint = entry.hash
        if (record := batch_record_of(entry)) is not None:
            result.batches_checked += 1
            findings = check_batch(entry.pk, record)
            result.row_findings_total += len(findings)
            room = MAX_ROW_FINDINGS - len(result.row_findings)
            result.row_findings += findings[: max(room, 0)]
    if checkpoint is not None and result.chain_break is None:
        if result.rows < checkpoint.rows:
            result.checkpoint_problem = "rows-removed"
        elif hash_at_checkpoint != checkpoint.head:
            result.checkpoint_problem = "head-differs"
    return result
