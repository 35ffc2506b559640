"""Writers queue before SQLite's lock instead of polling it, and nothing else changes."""

import sqlite3
import threading
import time

import pytest

from quiz_server.db import close_thread_connections, connect, thread_connection, transaction


def test_a_waiting_writer_starts_the_moment_the_lock_is_free(tmp_path):
    """Behind a writer holding the lock 0.6 s, SQLite's own polling would be sleeping 100 ms
    at a time and start the next write up to 100 ms late; the queue starts it at once."""
    path = str(tmp_path / "gate.sqlite")
    connect(path).execute("CREATE TABLE t (n INTEGER)")
    delays = []
    for _ in range(3):
        committed, began, holding = [], [], threading.Event()

        def holder(holding=holding, committed=committed):
            db = thread_connection(path)
            with transaction(db):
                holding.set()
                time.sleep(0.6)
                db.execute("INSERT INTO t VALUES (1)")
            committed.append(time.perf_counter())
            close_thread_connections()

        def waiter(holding=holding, began=began):
            holding.wait()
            db = thread_connection(path)
            with transaction(db):
                began.append(time.perf_counter())
                db.execute("INSERT INTO t VALUES (2)")
            close_thread_connections()

        threads = [threading.Thread(target=holder), threading.Thread(target=waiter)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        delays.append(began[0] - committed[0])
    assert max(delays) < 0.02, delays
    assert connect(path).execute("SELECT count(*) FROM t").fetchone()[0] == 6


def test_a_failed_transaction_rolls_back_and_frees_the_gate(tmp_path):
    db = connect(tmp_path / "gate.sqlite")
    db.execute("CREATE TABLE t (n INTEGER)")
    with pytest.raises(ZeroDivisionError), transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
        1 / 0  # noqa: B018
    with transaction(db):
        db.execute("INSERT INTO t VALUES (2)")
    assert [r[0] for r in db.execute("SELECT n FROM t")] == [2]


def test_a_nested_transaction_still_fails_at_once(tmp_path):
    db = connect(tmp_path / "gate.sqlite")
    with transaction(db), pytest.raises(sqlite3.OperationalError), transaction(db):
        pass
