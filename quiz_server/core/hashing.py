"""Password hashing: Argon2id for new hashes, old scrypt hashes still checked, all on
low-priority threads so a burst of logins yields the CPU to answers.

Argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane) costs less CPU per
check than Werkzeug's scrypt (bench/hashing.py prints both) while being the scheme the field
recommends. Hashes made before it (``scrypt:…``) are still verified; ``needs_rehash`` tells the
login to replace them with an Argon2id hash, outside any write transaction.

Bounding how many checks run at once (``security.password_check_slot``) is not enough on
2 cores: the checks that do run still take the cores from trainees saving answers. Each
process therefore hashes on its own small pool of threads whose scheduling priority is
lowered once (nice 19, Linux keeps it per thread), so the kernel serves request threads first.
"""

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug import security

# OWASP Password Storage Cheat Sheet, Argon2id minimum: m=19 MiB, t=2, p=1.
ARGON2 = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
ARGON2_PREFIX = "$argon2id$"


def _lower_priority():
    # Not Linux: hashing runs at normal priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


# Threads start on first use, after gunicorn has forked its workers.
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="password-hash",
                           initializer=_lower_priority)


def _check(stored, password):
    if stored.startswith("$argon2"):
        try:
            return ARGON2.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
    return security.check_password_hash(stored, password)


def _hash(password):
    return ARGON2.hash(password)


def check_password_hash(stored, password):
    """True when ``password`` matches ``stored`` (Argon2id or an older Werkzeug hash)."""
    return _pool.submit(_check, stored or "", password).result()


def generate_password_hash(password):
    """A new Argon2id hash of ``password``."""
    return _pool.submit(_hash, password).result()


def needs_rehash(stored):
    """True for a hash that matched but is not Argon2id at today's parameters."""
    if not stored.startswith(ARGON2_PREFIX):
        return True
    try:
        return ARGON2.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def generate_password_hashes(passwords, progress=None, batch=100):
    """Hashes of many passwords (a roster) on the same low-priority pool, in order.

    ``progress(count)`` is called after each batch, for a progress display.
    """
    hashes = []
    for start in range(0, len(passwords), batch):
        hashes += _pool.map(_hash, passwords[start:start + batch])
        if progress:
            progress(len(hashes))
    return hashes
