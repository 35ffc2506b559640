"""The SQLite database: one connection per worker thread, write transactions, migrations applied."""

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from quiz_server.migrations import migrations


def connect(path):
    """Open a connection with the settings every writer needs (WAL, foreign keys, busy timeout)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    conn.execute("PRAGMA synchronous=FULL")
    return sqlite_utils.Database(conn)


class _Connections(threading.local):
    """Keeps one connection per thread for the life of the process.

    Closing the last connection makes SQLite checkpoint the WAL, which costs far more
    than the request itself (STACK.md), so connections are reused, not reopened.
    """

    def __init__(self):
        self.by_path = {}


_connections = _Connections()


def thread_connection(path):
    """This thread's connection to the database at ``path``, opened once and kept."""
    db = _connections.by_path.get(path)
    if db is None:
        db = connect(path)
        _connections.by_path[path] = db
    return db


def close_thread_connections():
    """Close this thread's connections (tests open a new database each time)."""
    for db in _connections.by_path.values():
        db.conn.close()
    _connections.by_path.clear()


@contextmanager
def transaction(db):
    """A write transaction that takes the write lock at once, so it never fails half-way."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def migrate(db):
    """Apply pending migrations; never drops anything that is already stored."""
    migrations.apply(db)
