"""Accounts: creating users, checking passwords, generating passwords people can type."""

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from .db import transaction

ROLES = ("organizer", "trainee")
# No 0/O, 1/l/I: passwords are printed on login slips and typed on phones.
PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105
# A hash to compare against when the username is unknown, so timing does not tell.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class UserError(ValueError):
    """A user cannot be created or changed as asked."""


@dataclass(frozen=True)
class User(UserMixin):
    id: int
    username: str
    role: str
    full_name: str
    active: bool
    locale: str = ""

    @property
    def is_active(self):
        return self.active

    @property
    def is_organizer(self):
        return self.role == "organizer"

    def get_id(self):
        return str(self.id)


def _from_row(row):
    return User(
        id=row["id"], username=row["username"], role=row["role"], full_name=row["full_name"],
        active=bool(row["active"]), locale=row["locale"] or "",
    )


def now_iso():
    return datetime.now(UTC).isoformat(timespec="seconds")


def generate_password(length=12):
    """A random password of ``length`` unambiguous characters (about 70 bits for 12)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def normalize_username(username):
    return unicodedata.normalize("NFC", (username or "").strip())


def find_row(db, username):
    rows = list(db.query(
        "SELECT * FROM users WHERE username = ? COLLATE NOCASE", [normalize_username(username)]))
    return rows[0] if rows else None


def get_user(db, user_id):
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return _from_row(rows[0]) if rows else None


def create_user(db, username, password, role, full_name, **profile):
    """Insert a user with a hashed password; raises UserError on a bad or taken username."""
    username = normalize_username(username)
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}")
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise UserError("a username is 1 to 64 characters without spaces")
    if not password:
        raise UserError("the password is empty")
    full_name = unicodedata.normalize("NFC", (full_name or username).strip())
    with transaction(db):
        if find_row(db, username) is not None:
            raise UserError(f"username {username!r} is already taken")
        db["users"].insert({
            "username": username,
            "password_hash": generate_password_hash(password),
            "role": role,
            "full_name": full_name,
            "created_at": now_iso(),
            **profile,
        })
        return db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]


def authenticate(db, username, password):
    """The user whose username and password match and whose account is active, else None."""
    row = find_row(db, username)
    if row is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(row["password_hash"], password or ""):
        return None
    user = _from_row(row)
    return user if user.active else None


def count_organizers(db):
    return db.execute(
        "SELECT count(*) FROM users WHERE role = 'organizer' AND active = 1").fetchone()[0]


def set_locale(db, user_id, locale):
    db["users"].update(user_id, {"locale": locale})


def set_password(db, user_id, password, must_change=False):
    db["users"].update(user_id, {
        "password_hash": generate_password_hash(password),
        "must_change_password": int(must_change),
    })
