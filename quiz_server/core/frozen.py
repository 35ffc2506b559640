"""The copy of a question that an attempt keeps, so the bank can change under it.

When an attempt starts, each drawn question is written as JSON (text, choices and
explanation in both languages, the answer key, chapter, heading, topic and pool) into
``question_copies`` under the hash of that JSON, and its ``attempt_items`` row points to
it. Showing, grading and reviewing read the copy, never the bank, so a question edited or
removed later changes nothing for an attempt that holds it. A version of a question is
stored once, however many attempts hold it.
"""

import hashlib
import json
from types import MappingProxyType

from handbook.bank import Choice, Question
from quiz_server.db import transaction


def freeze(question):
    """``(key, body)``: the JSON kept for ``question`` and the hash it is kept under."""
    body = json.dumps({
        "id": question.id, "chapter": question.chapter, "heading": question.heading,
        "topic": question.topic, "pool": question.pool, "kind": question.kind,
        "difficulty": question.difficulty, "type": question.type, "text": dict(question.text),
        "choices": [[c.key, dict(c.text)] for c in question.choices],
        "answer": sorted(question.answer), "explanation": dict(question.explanation),
    }, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()[:32], body


def keep(db, questions):
    """Store the copies of ``questions`` (once each); ``{question id: key}``. The caller holds
    the transaction. Same key, same text: an existing copy is the one being written."""
    keys = {}
    for question in questions:
        key, body = freeze(question)
        db.execute("INSERT OR IGNORE INTO question_copies (key, body) VALUES (?, ?)", [key, body])
        keys[question.id] = key
    return keys


def thaw(body):
    """The Question an attempt item kept, or None for an item without a copy (see backfill)."""
    if not body:
        return None
    data = json.loads(body)
    return Question(
        id=data["id"], chapter=data["chapter"], heading=data["heading"], topic=data["topic"],
        pool=data["pool"], kind=data["kind"], difficulty=data["difficulty"], type=data["type"],
        text=MappingProxyType(data["text"]),
        choices=tuple(Choice(key, MappingProxyType(texts)) for key, texts in data["choices"]),
        answer=frozenset(data["answer"]), explanation=MappingProxyType(data["explanation"]))


def backfill(db, bank):
    """Give items of older attempts a copy of their question from the bank; returns how many.

    Run with the migrations (``flask init-db``). An item whose question left the bank before
    this ran keeps no copy: it is shown as removed and graded as not correct.
    """
    rows = db.execute("SELECT attempt_id, position, question_id FROM attempt_items "
                      "WHERE question_key IS NULL").fetchall()
    rows = [row for row in rows if row[2] in bank.questions]
    if rows:
        with transaction(db):
            keys = keep(db, [bank.questions[qid] for qid in {row[2] for row in rows}])
            db.conn.executemany(
                "UPDATE attempt_items SET question_key = ? WHERE attempt_id = ? AND position = ?",
                [(keys[qid], attempt_id, position) for attempt_id, position, qid in rows])
    return len(rows)
