"""The SQLite database: one connection per worker thread, write transactions, migrations applied."""

import contextlib
import fcntl
import os
import sqlite3
import threading
from contextlib import contextmanager, suppress
from pathlib import Path

import sqlite_utils

from quiz_server.migrations import migrations

PRIVATE = 0o600  # password hashes and personal data: readable by the server's account only
COMPANIONS = ("", "-wal", "-shm")


def make_private(path):
    """Create the database file 0600 if missing, and make it and its WAL and SHM files 0600.

    SQLite gives the WAL and SHM files the mode of the main file, so a new database is private
    from its first byte; an older one made under umask 022 is tightened here.
    """
    if str(path) == ":memory:":
        return
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE))
    for suffix in COMPANIONS:
        with suppress(FileNotFoundError):
            os.chmod(f"{path}{suffix}", PRIVATE)


def connect(path):
    """Open a connection with the settings every writer needs (WAL, foreign keys, busy timeout,
    erased data overwritten rather than left in free pages)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    make_private(path)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    conn.execute("PRAGMA synchronous=FULL")
    db = sqlite_utils.Database(conn)
    db.write_gate = WriteGate.for_path(path)
    return db


class WriteGate:
    """Writers of one database queue here before ``BEGIN IMMEDIATE``: threads of a process on
    a lock, processes on an ``flock`` of a file beside the database.

    SQLite lets a writer that finds the database locked sleep and poll (1, 2, 5 … 100 ms),
    so under many concurrent autosaves a write that would take 2 ms waited up to 100 ms more
    (bench/load.py p99); a queue wakes the next writer the moment the lock is free.
    """

    _gates = {}
    _gates_lock = threading.Lock()

    def __init__(self, path):
        self.lock_path = f"{path}.writelock"
        self._threads = threading.RLock()
        self._holders = threading.local()
        self.group = GroupCommit()

    def is_held(self):
        """True in the thread that holds the gate (tests check every write queues here)."""
        return getattr(self._holders, "depth", 0) > 0

    @classmethod
    def for_path(cls, path):
        path = str(path)
        if path == ":memory:" or path.startswith("file:"):
            return None
        with cls._gates_lock:
            return cls._gates.setdefault(path, cls(path))

    @contextlib.contextmanager
    def held(self):
        # Opened per transaction (microseconds): closing the file releases the flock.
        with self._threads, open(self.lock_path, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._holders.depth = getattr(self._holders, "depth", 0) + 1
            try:
                yield
            finally:
                self._holders.depth -= 1


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
    gate = getattr(db, "write_gate", None)
    if gate is None or db.conn.in_transaction:  # a nested BEGIN fails as it always did
        with _begun(db):
            yield db
        return
    with gate.held(), _begun(db):
        yield db


def write(db, sql, params=()):
    """One write statement, committed at the gate together with the single writes other
    threads are waiting to make (inside an open transaction, as part of it). A bare
    autocommit write would meet SQLite's polling instead, the delay the gate exists to avoid.
    Returns the rows the statement returns (``RETURNING``) and its row count."""
    gate = getattr(db, "write_gate", None)
    if db.conn.in_transaction or gate is None:
        with contextlib.ExitStack() as stack:
            if not db.conn.in_transaction:
                stack.enter_context(transaction(db))
            cursor = db.conn.execute(sql, params)
            return cursor.fetchall(), cursor.rowcount
    return gate.group.run(db, sql, params)


class _Write:
    __slots__ = ("sql", "params", "leads", "done", "rows", "rowcount", "error")

    def __init__(self, sql, params):
        self.sql, self.params, self.leads, self.done = sql, params, False, threading.Event()
        self.rows, self.rowcount, self.error = (), 0, None


class GroupCommit:
    """Single-statement writes of a process's threads, committed together.

    Under load the gate's cost is the commit: with ``synchronous=FULL`` every commit waits
    for the disk, and writers queue behind each other's flushes (py-spy on a worker at
    10,000 trainees: 42% of its samples waiting at the gate or in COMMIT). Here the first
    writer to arrive leads: once it holds the gate it takes every write waiting, runs them in
    one transaction, commits once, and hands the lead to the first writer that arrived
    meanwhile. Nobody is answered before the commit that holds their write, so an
    acknowledged write is as durable as before; a failing statement fails only its own write
    (SQLite undoes just that statement), a failed commit fails every write of the batch.
    """

    def __init__(self):
        self._lock, self._waiting, self._leading = threading.Lock(), [], False

    def run(self, db, sql, params):
        write = _Write(sql, params)
        with self._lock:
            self._waiting.append(write)
            if not self._leading:
                self._leading = write.leads = True
        if not write.leads:
            write.done.wait()  # answered, or handed the lead
        if write.leads:
            self._lead(db)
        if write.error is not None:
            raise write.error
        return write.rows, write.rowcount

    def _take(self):
        with self._lock:
            batch, self._waiting = self._waiting, []
        return batch

    def _lead(self, db):
        batch = []
        try:
            with transaction(db):
                batch = self._take()
                for write in batch:
                    _execute(db, write)
        except BaseException as error:
            batch = batch or self._take()
            for write in batch:
                write.error = error
            if not isinstance(error, Exception):
                raise
        finally:
            with self._lock:
                if self._waiting:
                    self._waiting[0].leads = True
                    self._waiting[0].done.set()
                else:
                    self._leading = False
            for write in batch:
                write.leads = False
                write.done.set()


def _execute(db, write):
    try:
        cursor = db.conn.execute(write.sql, write.params)
        write.rows, write.rowcount = cursor.fetchall(), cursor.rowcount
    except sqlite3.Error as error:
        write.error = error
        if not db.conn.in_transaction:  # the statement undid the whole transaction
            raise


@contextmanager
def _begun(db):
    db.conn.execute("BEGIN IMMEDIATE")
    changes = db.conn.total_changes
    try:
        yield db
        joined = _run_joined(db) if db.conn.total_changes != changes else []
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")
        for write in joined:
            db.joined_writes.remove(write)


def _run_joined(db):
    writes = list(getattr(db, "joined_writes", ()))
    for write in writes:
        write(db)
    return writes


@contextmanager
def joined_to_next_change(db, write):
    """Run ``write(db)`` once, inside the first write transaction of this block that changes a
    row, just before it commits.

    A command-line action puts its audit entry this way into the transaction of the core
    function that makes the change: the change never commits without its entry, a refused or
    rolled-back one leaves none, and a block that changes nothing writes nothing.
    """
    db.joined_writes = [*getattr(db, "joined_writes", ()), write]
    try:
        yield
    finally:
        if write in db.joined_writes:
            db.joined_writes.remove(write)


def truncate_wal(db):
    """Copy the write-ahead log into the database and empty it, after an erasure or a purge.

    With ``secure_delete`` the database file no longer holds what was erased, but the WAL
    still holds the pages as they were before, until a checkpoint resets it; TRUNCATE also
    cuts the file to zero bytes. It waits (busy timeout) for readers of older snapshots.
    Returns True when the whole log was checkpointed.
    """
    busy, _, _ = db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0


def migrate(db):
    """Apply pending migrations; never drops anything that is already stored."""
    migrations.apply(db)
