"""Single writes of many threads share one commit (quiz_server/db.py, GroupCommit).

With ``synchronous=FULL`` each commit waits for the disk; at a national test the autosaves
queued behind each other's flushes. Writes waiting together are now committed together, and
nobody is answered before the commit that holds their write.
"""

import sqlite3
import threading
import time

import pytest

from quiz_server.db import close_thread_connections, connect, thread_connection, transaction, write


@pytest.fixture
def path(tmp_path):
    path = str(tmp_path / "group.sqlite")
    connect(path).execute("CREATE TABLE t (n INTEGER PRIMARY KEY, who TEXT)")
    return path


def committed(path):
    return {row[0] for row in sqlite3.connect(path).execute("SELECT n FROM t")}


def writers_behind_a_held_gate(path, statements):
    """Each statement written by its own thread while another transaction holds the gate, so
    they all wait together; returns (what each write returned or raised, COMMITs run)."""
    holding, release, results, commits = threading.Event(), threading.Event(), {}, []

    def holder():
        db = thread_connection(path)
        with transaction(db):
            holding.set()
            release.wait()
        close_thread_connections()

    def writer(key, sql, params):
        db = thread_connection(path)
        db.conn.set_trace_callback(lambda s: commits.append(s) if s == "COMMIT" else None)
        try:
            results[key] = write(db, sql, params)
            results[key] = (results[key], key in committed(path))  # visible once answered
        except sqlite3.Error as error:
            results[key] = error
        close_thread_connections()

    hold = threading.Thread(target=holder)
    hold.start()
    holding.wait()
    threads = [threading.Thread(target=writer, args=(key, *statement))
               for key, statement in enumerate(statements)]
    for thread in threads:
        thread.start()
    gate = connect(path).write_gate
    deadline = time.monotonic() + 5
    while len(gate.group._waiting) < len(statements) and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    for thread in [hold, *threads]:
        thread.join()
    return results, commits


def test_writes_waiting_together_share_one_commit_and_are_stored_when_answered(path):
    statements = [("INSERT INTO t (n, who) VALUES (?, ?) RETURNING n", [n, f"w{n}"])
                  for n in range(12)]
    results, commits = writers_behind_a_held_gate(path, statements)
    assert len(commits) == 1
    assert committed(path) == set(range(12))
    for n in range(12):
        (rows, rowcount), visible = results[n]
        assert rows == [(n,)] and rowcount == 1 and visible


def test_a_failing_statement_fails_only_its_own_write(path):
    statements = [("INSERT INTO t (n, who) VALUES (?, ?)", [n, "a"]) for n in range(5)]
    statements.append(("INSERT INTO t (n, who) VALUES (?, ?)", [2, "duplicate"]))
    results, commits = writers_behind_a_held_gate(path, statements)
    assert isinstance(results[5], sqlite3.IntegrityError)
    assert [results[n][0][1] for n in range(5)] == [1] * 5
    assert committed(path) == set(range(5)) and len(commits) == 1


def test_a_failed_commit_fails_every_write_of_its_batch(path, monkeypatch):
    import quiz_server.db as db_module

    def refuse(db, write):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(db_module, "_execute", refuse)
    statements = [("INSERT INTO t (n, who) VALUES (?, ?)", [n, "a"]) for n in range(4)]
    results, _ = writers_behind_a_held_gate(path, statements)
    assert all(isinstance(results[n], sqlite3.OperationalError) for n in range(4))
    assert committed(path) == set()
    monkeypatch.undo()
    assert write(connect(path), "INSERT INTO t (n, who) VALUES (9, 'after')")[1] == 1


def test_many_threads_writing_at_once_lose_nothing_and_commit_less_often(path):
    commits, answered = [], []

    def writer(start):
        db = thread_connection(path)
        db.conn.set_trace_callback(lambda s: commits.append(s) if s == "COMMIT" else None)
        for n in range(start, start + 50):
            write(db, "INSERT INTO t (n, who) VALUES (?, 'x')", [n])
            answered.append(n)
        close_thread_connections()

    threads = [threading.Thread(target=writer, args=(k * 1000,)) for k in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert committed(path) == set(answered) and len(answered) == 800
    assert len(commits) < 800
