"""Logins beyond capacity wait their turn instead of being refused and retried at once."""

import threading
import time

import pytest

from quiz_server.app_db import get_db
from quiz_server.core import throttle
from quiz_server.web.login_queue import CheckQueue, TooBusy
from tests.conftest import TRAINEE, csrf_token


def hold(queue, count):
    for _ in range(count):
        queue.acquire()


def test_a_login_waits_for_a_slot_instead_of_being_refused():
    queue = CheckQueue(slots=1, max_waiting=3, budget=5)
    hold(queue, 1)
    threading.Timer(0.3, queue.release).start()
    started = time.perf_counter()
    with queue.slot():
        waited = time.perf_counter() - started
    assert 0.25 < waited < 2


def test_waiters_are_served_in_arrival_order():
    queue = CheckQueue(slots=1, max_waiting=5, budget=10)
    hold(queue, 1)
    served = []

    def login(n):
        with queue.slot():
            served.append(n)

    threads = []
    for n in range(5):
        threads.append(threading.Thread(target=login, args=(n,)))
        threads[-1].start()
        deadline = time.monotonic() + 2
        while queue.waiting() < n + 1 and time.monotonic() < deadline:
            time.sleep(0.005)
    queue.release()
    for thread in threads:
        thread.join()
    assert served == [0, 1, 2, 3, 4]


def test_a_full_queue_refuses_at_once_and_a_long_wait_refuses_at_the_budget():
    queue = CheckQueue(slots=1, max_waiting=0, budget=5)
    hold(queue, 1)
    started = time.perf_counter()
    with pytest.raises(TooBusy) as refused:
        queue.acquire()
    assert time.perf_counter() - started < 0.05
    assert 5 < refused.value.retry_after <= 10
    queue = CheckQueue(slots=1, max_waiting=2, budget=0.2)
    hold(queue, 1)
    started = time.perf_counter()
    with pytest.raises(TooBusy):
        queue.acquire()
    assert 0.15 < time.perf_counter() - started < 1
    assert queue.waiting() == 0  # the one that gave up left the queue
    queue.release()
    with queue.slot():  # and the slot still works
        pass


def test_refused_logins_come_back_at_spread_out_times():
    queue = CheckQueue(slots=1, max_waiting=0, budget=8)
    assert len({queue.retry_after() for _ in range(200)}) >= 5


def test_busy_login_page_counts_down_and_counts_no_failure(app, client):
    app.extensions["password_checks"] = CheckQueue(1, 0, 2)
    page = client.get("/login").get_data(as_text=True)
    with app.app_context():
        hold(app.extensions["password_checks"], 1)
    response = client.post("/login", data={"username": TRAINEE[0], "password": TRAINEE[1],
                                           "csrf_token": csrf_token(page)})
    body = response.get_data(as_text=True)
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 2 < wait <= 4
    assert f"<strong data-countdown>{wait}</strong>" in body
    assert "Máy chủ đang bận: nhiều người đang đăng nhập cùng lúc" in body
    assert "login.js" in body and 'value="tra"' in body  # the username stays filled in
    # A busy server is not a failed login: nothing is counted against the account.
    with app.app_context():
        assert throttle.retry_after(get_db(), "login-account", "tra", 1, 300) == 0
    app.extensions["password_checks"].release()
    response = client.post("/login", data={"username": TRAINEE[0], "password": TRAINEE[1],
                                           "csrf_token": csrf_token(body)})
    assert response.status_code == 302


def test_a_login_arriving_while_slots_are_taken_succeeds_after_waiting(app, client):
    page = client.get("/login").get_data(as_text=True)
    queue = app.extensions["password_checks"]
    hold(queue, app.config["MAX_PASSWORD_CHECKS"])
    timers = [threading.Timer(0.3, queue.release)
              for _ in range(app.config["MAX_PASSWORD_CHECKS"])]
    for timer in timers:
        timer.start()
    response = client.post("/login", data={"username": TRAINEE[0], "password": TRAINEE[1],
                                           "csrf_token": csrf_token(page)})
    assert response.status_code == 302
