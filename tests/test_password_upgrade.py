"""Argon2id for every new hash; an old scrypt hash is checked, then replaced at the next
successful login; and no password is ever hashed while a write transaction is open."""

import sqlite3

import pytest
from werkzeug.security import generate_password_hash as scrypt_hash

from quiz_server.app_db import get_db
from quiz_server.core import hashing, users

OLD = ("cu", "old-scrypt-password-1")


def stored_hash(app, username):
    with sqlite3.connect(app.config["DATABASE"]) as conn:
        return conn.execute("SELECT password_hash FROM users WHERE username = ?",
                            [username]).fetchone()[0]


@pytest.fixture
def scrypt_user(app):
    """An account created before Argon2id: its hash is Werkzeug's scrypt."""
    with app.app_context():
        user_id = users.create_user(get_db(), OLD[0], "placeholder-pass-1", "trainee", "Cũ",
                                    privacy_accepted_at="2026-01-05T08:00:00+00:00")
    with sqlite3.connect(app.config["DATABASE"]) as conn:
        conn.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                     [scrypt_hash(OLD[1]), user_id])
    assert stored_hash(app, OLD[0]).startswith("scrypt:")
    return user_id


def test_new_hashes_are_argon2id_at_owasp_minimum_or_stronger(app):
    with app.app_context():
        users.create_user(get_db(), "moi", "new-account-pass-1", "trainee", "Mới")
    stored = stored_hash(app, "moi")
    assert stored.startswith("$argon2id$v=19$")
    params = dict(p.split("=") for p in stored.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024 and int(params["t"]) >= 2 and int(params["p"]) >= 1


def test_scrypt_user_logs_in_and_the_hash_becomes_argon2id(app, auth, scrypt_user):
    old = stored_hash(app, OLD[0])
    assert auth.login(OLD[0], "wrong-password-123").status_code == 401
    assert stored_hash(app, OLD[0]) == old  # a wrong password changes nothing
    assert auth.login(*OLD).status_code == 302
    assert stored_hash(app, OLD[0]).startswith("$argon2id$")
    auth.logout()
    assert auth.login(OLD[0], "wrong-password-123").status_code == 401
    assert auth.login(*OLD).status_code == 302


def test_wrong_passwords_fail_under_both_schemes():
    for stored in (scrypt_hash("right-password-1"), hashing.generate_password_hash(
            "right-password-1")):
        assert hashing.check_password_hash(stored, "right-password-1")
        assert not hashing.check_password_hash(stored, "right-password-2")
        assert not hashing.check_password_hash(stored, "")
    assert not hashing.check_password_hash("!erased", "right-password-1")
    assert not hashing.check_password_hash("$argon2id$broken", "right-password-1")


def test_no_hashing_while_a_write_transaction_is_open(app, auth, scrypt_user, monkeypatch):
    """Every hash or check made by a login probes the database: if any connection holds
    the write lock at that moment, the probe cannot take it at once and the test fails."""
    locked, calls = [], []

    def probe(function):
        def probed(*args):
            calls.append(function.__name__)
            conn = sqlite3.connect(app.config["DATABASE"], timeout=0)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
            except sqlite3.OperationalError:
                locked.append(function.__name__)
            finally:
                conn.close()
            return function(*args)
        return probed

    monkeypatch.setattr(hashing, "_check", probe(hashing._check))
    monkeypatch.setattr(hashing, "_hash", probe(hashing._hash))
    assert auth.login(*OLD).status_code == 302  # check + rehash + its write
    auth.logout()
    assert auth.login("nobody", "whatever-password").status_code == 401
    assert auth.login(OLD[0], "wrong-password-123").status_code == 401
    assert calls.count("_check") == 3 and calls.count("_hash") >= 1
    assert locked == []

