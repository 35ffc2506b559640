"""A fair, bounded queue for password checks: logins beyond capacity wait their turn.

Refusing at once when every check slot was taken (the old 429) made every browser come back
at the same moment, and the retries became most of the traffic. Now a login waits, in
arrival order, for up to ``budget`` seconds; only when more than ``max_waiting`` are already
waiting, or the wait runs out, is it refused, with a spread-out time to come back, so the
refused ones do not return together. ``max_waiting`` keeps enough request threads free for
trainees saving answers.
"""

import random
import threading
from collections import deque
from contextlib import contextmanager


class TooBusy(Exception):
    """No check slot within the wait budget; ``retry_after`` seconds to wait, with jitter."""

    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


class CheckQueue:
    """``slots`` checks at once; up to ``max_waiting`` more wait, first come first served."""

    def __init__(self, slots, max_waiting, budget):
        self.slots, self.max_waiting, self.budget = slots, max_waiting, budget
        self._free = slots
        self._waiters = deque()  # one Event per waiting thread, oldest first
        self._lock = threading.Lock()

    def retry_after(self):
        """Seconds to come back: one wait budget plus a random share of another, so the
        refused logins of one burst come back spread over several seconds."""
        return int(self.budget) + random.randint(1, max(1, int(self.budget)))  # noqa: S311

    def _enter(self):
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return None
            if len(self._waiters) >= self.max_waiting:
                raise TooBusy(self.retry_after())
            turn = threading.Event()
            self._waiters.append(turn)
            return turn

    def acquire(self):
        """Take a slot, waiting in turn; raises TooBusy when the queue is full or time is up."""
        turn = self._enter()
        if turn is None or turn.wait(self.budget):
            return
        with self._lock:
            if turn.is_set():  # handed a slot just as the wait ran out
                return
            self._waiters.remove(turn)
        raise TooBusy(self.retry_after())

    def release(self):
        """Hand the slot to the oldest waiter, or free it."""
        with self._lock:
            if self._waiters:
                self._waiters.popleft().set()
            else:
                self._free += 1

    @contextmanager
    def slot(self):
        self.acquire()
        try:
            yield
        finally:
            self.release()

    def waiting(self):
        with self._lock:
            return len(self._waiters)
