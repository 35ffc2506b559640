"""Password hashing on low-priority threads, so a burst of logins yields the CPU to answers.

A scrypt check costs about 107 ms of CPU (STACK.md). Bounding how many run at once
(``security.password_check_slot``) is not enough on 2 cores: the checks that do run still
take the cores from trainees saving answers. Each process therefore hashes on its own
small pool of threads whose scheduling priority is lowered once (nice 19, Linux keeps it
per thread), so the kernel serves request threads first and hashing uses the rest.
"""

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from werkzeug import security


def _lower_priority():
    # Not Linux: hashing runs at normal priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


# Threads start on first use, after gunicorn has forked its workers.
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="password-hash",
                           initializer=_lower_priority)


def check_password_hash(password_hash, password):
    return _pool.submit(security.check_password_hash, password_hash, password).result()


def generate_password_hash(password):
    return _pool.submit(security.generate_password_hash, password).result()


def generate_password_hashes(passwords, progress=None, batch=100):
    """Hashes of many passwords (a roster) on the same low-priority pool, in order.

    ``progress(count)`` is called after each batch, for a progress display.
    """
    hashes = []
    for start in range(0, len(passwords), batch):
        hashes += _pool.map(security.generate_password_hash, passwords[start:start + batch])
        if progress:
            progress(len(hashes))
    return hashes
