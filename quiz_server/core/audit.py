"""The audit log of organizer actions: who did what, when."""

import json

from quiz_server.core.users import now_iso


def record(db, actor_id, action, **detail):
    db["audit_log"].insert({"at": now_iso(), "user_id": actor_id, "action": action,
                            "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True)})


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
