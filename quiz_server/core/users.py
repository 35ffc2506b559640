"""Accounts: creating users, checking passwords, generating passwords people can type."""

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from quiz_server.core import collation, common_passwords, sessions, text_rules
from quiz_server.core.hashing import check_password_hash, generate_password_hash, needs_rehash
from quiz_server.db import transaction

ROLES = ("organizer", "trainee")
# No 0/O, 1/l/I: passwords are printed on login slips and typed on phones.
PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105
MIN_PASSWORD = 10
# Long passphrases and pasted passwords are welcome; 1,024 bounds the hashing work.
MAX_PASSWORD = 1024


class UserError(ValueError):
    """A user cannot be created or changed as asked."""


@dataclass(frozen=True)
class User:
    """A signed-in person. It has the four members Flask-Login asks of a user object."""

    id: int
    username: str
    role: str
    full_name: str
    active: bool
    locale: str = ""
    must_change_password: bool = False
    privacy_accepted_at: str | None = None

    @property
    def is_active(self):
        return self.active

    @property
    def is_organizer(self):
        return self.role == "organizer"

    is_authenticated = True
    is_anonymous = False

    def get_id(self):
        return str(self.id)


def from_row(row):
    """A User from a ``users`` row (a mapping)."""
    return User(
        id=row["id"], username=row["username"], role=row["role"], full_name=row["full_name"],
        active=bool(row["active"]), locale=row["locale"] or "",
        must_change_password=bool(row.get("must_change_password")),
        privacy_accepted_at=row.get("privacy_accepted_at"),
    )


def now_iso():
    return datetime.now(UTC).isoformat(timespec="seconds")


def generate_password(length=12):
    """A random password of ``length`` unambiguous characters (about 70 bits for 12)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def normalize_username(username):
    return unicodedata.normalize("NFC", (username or "").strip())


def find_row(db, username):
    """The account of ``username``, case aside; SQLite's NOCASE folds only A–Z, so a
    Vietnamese username (``Đức`` = ``đức``) is also compared folded in Python."""
    username = normalize_username(username)
    rows = list(db.query("SELECT * FROM users WHERE username = ? COLLATE NOCASE", [username]))
    if rows or username.isascii():
        return rows[0] if rows else None
    key = text_rules.username_key(username)
    return next((row for row in db.query("SELECT * FROM users WHERE length(username) = ?",
                                         [len(username)])
                 if text_rules.username_key(row["username"]) == key), None)


def get_user(db, user_id):
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return from_row(rows[0]) if rows else None


def create_user(db, username, password, role, full_name, **profile):
    """Insert a user with a hashed password; raises UserError on a bad or taken username."""
    username = normalize_username(username)
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}")
    if text_rules.username_problem(username):
        raise UserError("a username is 1 to 64 letters, digits or . _ @ - (no spaces, "
                        "invisible characters or letters of other alphabets)")
    if not password:
        raise UserError("the password is empty")
    full_name = unicodedata.normalize("NFC", (full_name or username).strip())
    if any(text_rules.has_control(str(v)) for v in (full_name, *profile.values()) if v):
        raise UserError("a name or profile field holds a control or invisible character")
    password_hash = generate_password_hash(password)  # before the write lock: hashing is slow
    with transaction(db):
        if find_row(db, username) is not None:
            raise UserError(f"username {username!r} is already taken")
        db["users"].insert({
            "username": username,
            "password_hash": password_hash,
            "role": role,
            "full_name": full_name,
            "created_at": now_iso(),
            **profile,
        })
        return db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]


@cache
def _dummy_hash():
    """A hash to compare against when the username is unknown, so timing does not tell."""
    return generate_password_hash("not-a-real-password")


def check_login(db, username, password):
    """``(user, reason)``: reason is "ok", "wrong" (unknown user or wrong password) or
    "inactive" (right password, deactivated account). Costs one password check either way;
    a right password under an older scheme is rehashed to Argon2id (``upgrade_hash``)."""
    row = find_row(db, username)
    if row is None:
        check_password_hash(_dummy_hash(), password or "")
        return None, "wrong"
    if not check_password_hash(row["password_hash"], password or ""):
        return None, "wrong"
    if needs_rehash(row["password_hash"]):
        upgrade_hash(db, row["id"], row["password_hash"], password)
    user = from_row(row)
    return (user, "ok") if user.active else (None, "inactive")


def upgrade_hash(db, user_id, old_hash, password):
    """Replace a verified older hash by an Argon2id one: hashed first, then one short write
    that changes nothing if the password was changed meanwhile."""
    new_hash = generate_password_hash(password)
    with transaction(db):
        db.execute("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?",
                   [new_hash, user_id, old_hash])


def authenticate(db, username, password):
    """The user whose username and password match and whose account is active, else None."""
    return check_login(db, username, password)[0]


def count_organizers(db):
    return db.execute(
        "SELECT count(*) FROM users WHERE role = 'organizer' AND active = 1").fetchone()[0]


def set_locale(db, user_id, locale):
    db["users"].update(user_id, {"locale": locale})


def password_problem(password, username=""):
    """Why a new password is refused ("too_short", "too_long", "common", "username"), or None.

    Length is counted in characters after NFC, so a Vietnamese passphrase typed on a phone
    (precomposed) and pasted from a document (decomposed) count the same.
    """
    password = unicodedata.normalize("NFC", password or "")
    if len(password) < MIN_PASSWORD:
        return "too_short"
    if len(password) > MAX_PASSWORD:
        return "too_long"
    if username and normalize_username(username).casefold() in password.casefold():
        return "username"
    if common_passwords.is_common(password):
        return "common"
    return None


def set_password(db, user_id, password, must_change=False):
    """Store a new password hash; every open session of the account ends."""
    password_hash = generate_password_hash(password)  # before the write lock: hashing is slow
    with transaction(db):
        db["users"].update(user_id, {
            "password_hash": password_hash,
            "must_change_password": int(must_change),
        })
        sessions.end_all(db, user_id)


def change_password(db, user_id, new_password, keep_session=None):
    """The user's own change: clears the forced-change flag; other sessions end."""
    password_hash = generate_password_hash(new_password)  # before the write lock
    with transaction(db):
        db["users"].update(user_id, {
            "password_hash": password_hash,
            "must_change_password": 0,
        })
        db.execute("DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?",
                   [user_id, keep_session])


def check_password(db, user_id, password):
    row = db.execute("SELECT password_hash FROM users WHERE id = ?", [user_id]).fetchone()
    return bool(row) and check_password_hash(row[0], password or "")


def reset_password(db, user_id):
    """A generated password the user must change at the next login; returns it (shown once)."""
    password = generate_password()
    set_password(db, user_id, password, must_change=True)
    return password


class LastOrganizer(UserError):
    """The last active organizer cannot be deactivated: nobody could run the courses."""


def set_active(db, user_id, active):
    """Deactivate (cannot log in, results kept, sessions end) or reactivate an account."""
    with transaction(db):
        set_active_in(db, user_id, active)


def set_active_in(db, user_id, active):
    """``set_active`` inside a transaction the caller holds."""
    row = db.execute("SELECT role, active FROM users WHERE id = ?", [user_id]).fetchone()
    if row is None:
        raise UserError("no such user")
    if not active and row[0] == "organizer" and row[1] and count_organizers(db) <= 1:
        raise LastOrganizer("the last active organizer cannot be deactivated")
    db["users"].update(user_id, {"active": int(bool(active))})
    if not active:
        sessions.end_all(db, user_id)


def accept_privacy(db, user_id):
    db["users"].update(user_id, {"privacy_accepted_at": now_iso()})


def search(db, text="", role=None, limit=50):
    """Accounts whose username or name contains ``text`` without regard to case or
    diacritics ("đức", "Duc" and "ĐỨC" all find "Nguyễn Văn Đức"), organizers first, then in
    Vietnamese order of names; at most ``limit``. Filtered in Python: SQLite's LIKE folds
    only A–Z."""
    wanted = collation.folded(text)
    where, params = "anonymised_at IS NULL", []
    if role in ROLES:
        where += " AND role = ?"
        params.append(role)
    rows = [row for row in db.query(
        f"SELECT id, username, full_name, role, active, unit, province, must_change_password "  # noqa: S608
        f"FROM users WHERE {where}", params)
        if wanted in collation.folded(f"{row['username']} {row['full_name']}")]
    rows.sort(key=lambda r: (r["role"], collation.name_key(r["full_name"]), r["username"]))
    return rows[:limit]
