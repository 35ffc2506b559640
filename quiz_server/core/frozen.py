"""The copy of a question that an attempt keeps, so the bank can change under it.

When an attempt starts, each drawn question is written into its ``attempt_items`` row as
JSON: text, choices and explanation in both languages, the answer key, chapter and heading.
Showing, grading and reviewing the attempt read that copy, never the bank, so a question
edited or removed later changes nothing for an attempt that holds it.
"""

import json
from types import MappingProxyType

from handbook.bank import Choice, Question
from quiz_server.db import transaction


def freeze(question):
    """The JSON text kept with an attempt item for ``question``."""
    return json.dumps({
        "id": question.id, "chapter": question.chapter, "heading": question.heading,
        "type": question.type, "text": dict(question.text),
        "choices": [[c.key, dict(c.text)] for c in question.choices],
        "answer": sorted(question.answer), "explanation": dict(question.explanation),
    }, ensure_ascii=False)


def thaw(text):
    """The Question an attempt item kept, or None for an item frozen before copies existed."""
    if not text:
        return None
    data = json.loads(text)
    return Question(
        id=data["id"], chapter=data["chapter"], heading=data["heading"], type=data["type"],
        text=MappingProxyType(data["text"]),
        choices=tuple(Choice(key, MappingProxyType(texts)) for key, texts in data["choices"]),
        answer=frozenset(data["answer"]), explanation=MappingProxyType(data["explanation"]))


def backfill(db, bank):
    """Copy the bank's question into items of older attempts that have none; returns how many.

    Run with the migrations (``flask init-db``). An item whose question left the bank before
    this ran keeps no copy: it is shown as removed and graded as not answered correctly.
    """
    rows = db.execute("SELECT attempt_id, position, question_id FROM attempt_items "
                      "WHERE question IS NULL").fetchall()
    copies = [(freeze(bank.questions[qid]), attempt_id, position)
              for attempt_id, position, qid in rows if qid in bank.questions]
    if copies:
        with transaction(db):
            db.conn.executemany("UPDATE attempt_items SET question = ? "
                                "WHERE attempt_id = ? AND position = ?", copies)
    return len(copies)
