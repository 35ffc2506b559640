"""The audit log of organizer actions: who did what, when."""

import json

from quiz_server.core.users import now_iso
from quiz_server.db import write


def record(db, actor_id, action, **detail):
    """One entry, part of the caller's transaction when there is one (so an action that
    fails leaves no entry), else its own write at the gate."""
    write(db, "INSERT INTO audit_log (at, user_id, action, detail) VALUES (?, ?, ?, ?)",
          [now_iso(), actor_id, action, json.dumps(detail, ensure_ascii=False, sort_keys=True)])


def recent(db, limit=200):
    return list(db.query(
        "SELECT a.at, a.action, a.detail, u.username FROM audit_log a "
        "LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?", [limit]))


def entries(db, action="", page=1, size=50):
    """``(entries of the page, number of entries)``, newest first, of one action or all."""
    where, params = ("WHERE a.action = ?", [action]) if action else ("", [])
    total = db.execute(f"SELECT count(*) FROM audit_log a {where}", params).fetchone()[0]  # noqa: S608
    rows = list(db.query(
        f"SELECT a.at, a.action, a.detail, u.username FROM audit_log a "  # noqa: S608
        f"LEFT JOIN users u ON u.id = a.user_id {where} ORDER BY a.id DESC LIMIT ? OFFSET ?",
        [*params, size, (max(1, page) - 1) * size]))
    return rows, total
