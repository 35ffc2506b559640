"""Answers in order: each save carries a sequence, and the newest answer of a question is kept.

A sequence is a time in milliseconds on the server's clock: the page's script counts on from
the clock the page was made with, and a change sent with the whole form counts from when the
page was loaded. The comparison is made in the UPDATE itself, so two requests for the same
question end on the newer one whatever order they arrive in, without a read before the write.
"""

import json
from dataclasses import dataclass


def clock_ms(moment):
    """``moment`` in milliseconds: the unit of answer sequences."""
    return int(moment.timestamp() * 1000)


@dataclass(frozen=True)
class Saved:
    """What a save stored, and what it did not because a newer answer was stored already."""

    saved: tuple
    stale: tuple


def store(db, attempt_id, checked, seqs, now):
    """Write each answer unless a newer one is stored; the comparison is in the UPDATE, so a
    delayed request can never overwrite a later one, whatever order they arrive in."""
    limit = clock_ms(now)
    saved, stale = [], []
    for qid, keys in checked.items():
        seq = min(seqs.get(qid, limit), limit)
        cursor = db.execute(
            "UPDATE attempt_items SET answer = ?, answered_at = ?, answer_seq = ? "
            "WHERE attempt_id = ? AND question_id = ? AND answer_seq <= ?",
            [json.dumps(keys), now.isoformat(timespec="seconds"), seq, attempt_id, qid, seq])
        (saved if cursor.rowcount else stale).append(qid)
    return Saved(tuple(saved), tuple(stale))
