"""Finding the account a roster row already has, so a second course reuses it.

Organizers rarely type usernames into a roster; the same person comes back for another
course with the same name and the same email, phone, or unit and province. A row without a
username reuses the one trainee account whose name is the same (NFC) and that
shares at least one of those. Two or more such accounts are a problem to settle by giving
the username: guessing could merge two people's records.
"""

import hashlib
import json
import unicodedata

from quiz_server.core import text_rules


def _key(text):
    return unicodedata.normalize("NFC", text or "").strip().casefold()


def _shares_detail(row, entry):
    if entry.email and _key(row["email"]) == _key(entry.email):
        return True
    if entry.phone and text_rules.normalise_phone(row["phone"]) == entry.phone:
        return True
    return bool(entry.unit and entry.province and _key(row["unit"]) == _key(entry.unit)
                and _key(row["province"]) == _key(entry.province))


def candidates(db, entry):
    """The trainee accounts (not erased) that this username-less row describes."""
    rows = db.query(
        "SELECT id, username, full_name, unit, province, email, phone FROM users "
        "WHERE role = 'trainee' AND anonymised_at IS NULL AND full_name = ?",
        [unicodedata.normalize("NFC", entry.full_name)])
    return [row for row in rows if _shares_detail(row, entry)]


def plan_digest(entries):
    """A fingerprint of what an import will do (who is new, who is reused), without passwords:
    the confirmation is refused if the plan changed since the organizer read the preview."""
    plan = [[e.row, e.username, e.user_id, e.full_name] for e in entries]
    return hashlib.sha256(json.dumps(plan, ensure_ascii=False).encode()).hexdigest()
