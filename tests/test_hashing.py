"""Password hashing runs on low-priority threads; new hashes are Argon2id."""

import os
import threading

from quiz_server.core import hashing


def test_hashes_check_both_ways():
    stored = hashing.generate_password_hash("mưa xuân trên đồi chè")
    assert stored.startswith("$argon2id$")
    assert hashing.check_password_hash(stored, "mưa xuân trên đồi chè")
    assert not hashing.check_password_hash(stored, "mua xuan tren doi che")


def test_hashing_threads_yield_to_requests():
    def priority():
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    assert priority() < 19  # the test's own thread keeps its priority
    assert hashing._pool.submit(priority).result() == 19
