"""The failure counter behind login, course-key and verify throttling."""

from quiz_server.app_db import get_db
from quiz_server.core import throttle


def test_blocks_after_the_limit_within_the_window(app):
    with app.app_context():
        db = get_db()
        for i in range(3):
            assert throttle.retry_after(db, "login", "alice", 3, 300, now=1000 + i) == 0
            throttle.note(db, "login", "alice", now=1000 + i)
        wait = throttle.retry_after(db, "login", "alice", 3, 300, now=1010)
        assert 290 <= wait <= 291
        # Other keys and kinds are counted apart.
        assert throttle.retry_after(db, "login", "bob", 3, 300, now=1010) == 0
        assert throttle.retry_after(db, "verify", "alice", 3, 300, now=1010) == 0


def test_allows_again_when_the_oldest_failure_leaves_the_window(app):
    with app.app_context():
        db = get_db()
        for i in range(3):
            throttle.note(db, "key", "1.2.3.4", now=1000 + i)
        assert throttle.retry_after(db, "key", "1.2.3.4", 3, 300, now=1299) > 0
        assert throttle.retry_after(db, "key", "1.2.3.4", 3, 300, now=1301) == 0


def test_clear_forgets_and_old_rows_are_pruned(app):
    with app.app_context():
        db = get_db()
        throttle.note(db, "login", "alice", now=0)
        throttle.note(db, "login", "alice", now=100000)
        assert db.execute("SELECT count(*) FROM throttle").fetchone()[0] == 1
        throttle.clear(db, "login", "alice")
        assert db.execute("SELECT count(*) FROM throttle").fetchone()[0] == 0
