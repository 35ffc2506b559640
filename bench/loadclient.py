"""The simulated trainee of bench/load.py: a browser's requests, with its own cookies and CSRF.

Each trainee keeps the last answer the server acknowledged for every question, so the
database can be checked afterwards against what the server promised.
"""

import asyncio
import random
import re
import statistics
import time

import aiohttp

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CHOICE = re.compile(r'<input type="(?:radio|checkbox)"[^>]*name="q-([^"]+)" value="([^"]+)"'
                    r'([^>]*)>', re.S)
ATTEMPT = re.compile(r"/attempt/(\d+)")
CLOCK = re.compile(r'data-clock="(\d+)"')
_rng = random.Random(7)
RETRY_FOR = 120  # seconds a request is retried while the server is down (durability mode)


class Recorder:
    """Latencies and outcomes per endpoint."""

    def __init__(self):
        self.latencies, self.errors, self.times = {}, {}, {}
        self.requests = self.retries = 0  # every request sent; those that repeat an earlier one

    def add(self, name, seconds, ok):
        if ok:
            self.latencies.setdefault(name, []).append(seconds)
            self.times.setdefault(name, []).append(time.monotonic())
        else:
            self.errors[name] = self.errors.get(name, 0) + 1

    def rate(self, name):
        times = self.times.get(name, [])
        return len(times) / (times[-1] - times[0]) if len(times) > 1 else 0.0

    def retry_share(self):
        return self.retries / self.requests if self.requests else 0.0

    def report(self):
        print(f"  {'endpoint':28} {'ok':>7} {'errors':>7} {'per s':>8} {'p50 ms':>8} "
              f"{'p95 ms':>8} {'p99 ms':>8}")
        for name in sorted(set(self.latencies) | set(self.errors)):
            values = sorted(self.latencies.get(name, [])) or [0.0]
            cuts = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
            print(f"  {name:28} {len(self.latencies.get(name, [])):7d} "
                  f"{self.errors.get(name, 0):7d} {self.rate(name):8.1f} "
                  f"{cuts[49] * 1000:8.0f} {cuts[94] * 1000:8.0f} {cuts[98] * 1000:8.0f}")
        print(f"  retry traffic: {self.retries} of {self.requests} requests "
              f"({self.retry_share():.1%})")

    def timeline(self, name, window=60):
        """Per ``window`` seconds of the run: how many ``name`` answered, and their p99."""
        times, latencies = self.times.get(name, []), self.latencies.get(name, [])
        if not times:
            return
        start, rows = times[0], {}
        for at, seconds in zip(times, latencies, strict=True):
            rows.setdefault(int((at - start) // window), []).append(seconds)
        print(f"  {name} per {window} s: " + "  ".join(
            f"{k * window}s:{len(v)}/{sorted(v)[int(len(v) * 0.99)] * 1000:.0f}ms"
            for k, v in sorted(rows.items())))


async def wait_ready(http, url, seconds=60):
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        try:
            async with http.get(url, allow_redirects=False) as response:
                if response.status < 500:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


class Trainee:
    def __init__(self, username, password, base, course):
        self.username, self.password, self.base, self.course = username, password, base, course
        self.cookies, self.csrf, self.choices = {}, None, {}
        self.attempt_id, self.acked, self.submitted = None, {}, False
        self.pending = {}  # an autosave sent but not yet answered: it may be stored already
        # Per question, choices sent since its last acknowledgement: a request the client gave
        # up on may still be stored later, newer than the acknowledged answer (not a loss).
        self.unconfirmed = {}
        self.clock, self.loaded_at, self.last_seq = 0, 0.0, 0

    def _remember(self, response):
        if response.cookies:
            for name, morsel in response.cookies.items():
                self.cookies[name] = morsel.value
            # Built once per change, not per request: the generator shares the server's cores.
            # The server's cookies are URL-safe tokens, so no quoting is needed.
            self.cookie_header = "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _headers(self, accept_json=False):
        headers = {"Cookie": self.cookie_header} if self.cookies else {}
        if accept_json:
            headers["Accept"] = "application/json"
        return headers

    async def send(self, http, method, path, recorder, name, data=None, accept_json=False):
        """One request, retried on connection errors while the server restarts.

        Returns (status, headers, body); the latency of the request that got an answer is
        recorded under ``name``; refused connections are counted apart, as retries.
        """
        stop = time.monotonic() + RETRY_FOR
        first = True
        while True:
            started = time.monotonic()
            recorder.requests += 1
            recorder.retries += not first
            first = False
            try:
                async with http.request(method, self.base + path, data=data,
                                        allow_redirects=False,
                                        headers=self._headers(accept_json)) as response:
                    body = await response.text()
                    self._remember(response)
                    return response.status, response.headers, body, time.monotonic() - started
            except (TimeoutError, aiohttp.ClientConnectionError):
                recorder.add(f"{name} (retried)", 0, False)
                if time.monotonic() > stop:
                    raise
                await asyncio.sleep(0.5)

    def _read_page(self, body):
        match = CSRF.search(body)
        if match:
            self.csrf = match.group(1)

    async def log_in(self, http, recorder):
        """The login page, then the form; a busy answer (429) is a page that counts down and
        sends the form once again at zero, as the browser does (static/login.js)."""
        status, _, body, seconds = await self.send(http, "GET", "/login", recorder,
                                                   "login page")
        recorder.add("login page", seconds, status == 200)
        self._read_page(body)
        again = False
        while True:
            recorder.retries += again
            status, headers, body, seconds = await self.send(
                http, "POST", "/login", recorder, "login",
                data={"username": self.username, "password": self.password,
                      "csrf_token": self.csrf})
            if status != 429:
                recorder.add("login", seconds, status == 302)
                return status == 302
            recorder.add("login refused 429", seconds, True)
            self._read_page(body)
            await asyncio.sleep(float(headers.get("Retry-After", "1")))
            again = True

    async def start(self, http, recorder):
        status, _, body, seconds = await self.send(http, "GET", f"/course/{self.course}",
                                                   recorder, "course page")
        recorder.add("course page", seconds, status == 200)
        self._read_page(body)
        status, headers, _, seconds = await self.send(
            http, "POST", f"/course/{self.course}/start", recorder, "start test",
            data={"csrf_token": self.csrf})
        match = ATTEMPT.search(headers.get("Location", ""))
        recorder.add("start test", seconds, status == 302 and bool(match))
        if not match:
            return False
        self.attempt_id = int(match.group(1))
        status, _, body, seconds = await self.send(http, "GET", f"/attempt/{self.attempt_id}",
                                                   recorder, "attempt page")
        recorder.add("attempt page", seconds, status == 200)
        self._read_page(body)
        clock = CLOCK.search(body)
        self.clock, self.loaded_at = int(clock.group(1)) if clock else 0, time.monotonic()
        for question_id, key, _rest in CHOICE.findall(body):
            self.choices.setdefault(question_id, []).append(key)
        return bool(self.choices)

    async def log_in_and_start(self, http, recorder):
        return await self.log_in(http, recorder) and await self.start(http, recorder)

    async def autosave(self, http, recorder, name="autosave", rng=None):
        question_id = (rng or _rng).choice(sorted(self.choices))
        choice = (rng or _rng).choice(self.choices[question_id])
        self.pending = {question_id: choice}
        self.unconfirmed.setdefault(question_id, set()).add(choice)
        # As static/quiz.js does: the page's server clock plus the time since, so a request
        # the server gets late never replaces a newer answer.
        self.last_seq = max(self.last_seq + 1,
                            self.clock + int((time.monotonic() - self.loaded_at) * 1000))
        status, _, body, seconds = await self.send(
            http, "POST", f"/attempt/{self.attempt_id}/answer", recorder, name,
            data={"question_id": question_id, "choice": choice, "seq": str(self.last_seq),
                  "csrf_token": self.csrf}, accept_json=True)
        ok = status == 200 and '"saved":true' in body.replace(" ", "")
        self.pending = {}
        if ok:
            self.acked[question_id] = choice
            self.unconfirmed[question_id] = set()
        recorder.add(name, seconds, ok)

    async def submit(self, http, recorder):
        """A final test is submitted from its confirmation page, as a trainee does."""
        path = f"/attempt/{self.attempt_id}/submit"
        status, _, body, seconds = await self.send(http, "GET", path, recorder, "confirm page")
        recorder.add("confirm page", seconds, status == 200)
        self._read_page(body)
        status, headers, _, seconds = await self.send(
            http, "POST", path, recorder, "submit", data={"csrf_token": self.csrf})
        self.submitted = status == 302 and "/result" in headers.get("Location", "")
        recorder.add("submit", seconds, self.submitted)

    async def sit_exam(self, http, recorder, arrive_at, submit_at, every, rng):
        """One trainee's test; one that gets no answer for two minutes gives up and is
        counted, instead of stopping the whole run."""
        try:
            await self._sit_exam(http, recorder, arrive_at, submit_at, every, rng)
        except (TimeoutError, aiohttp.ClientError):
            recorder.add("trainee gave up", 0, False)

    async def _sit_exam(self, http, recorder, arrive_at, submit_at, every, rng):
        await asyncio.sleep(max(0.0, arrive_at - time.monotonic()))
        if not await self.log_in_and_start(http, recorder):
            return
        next_save = time.monotonic() + rng.uniform(0, every)
        while next_save < submit_at:
            await asyncio.sleep(max(0.0, next_save - time.monotonic()))
            await self.autosave(http, recorder, rng=rng)
            next_save += every
        await asyncio.sleep(max(0.0, submit_at - time.monotonic()))
        await self.submit(http, recorder)

    async def saved_answers_on_page(self, http, recorder):
        """True when the reopened attempt page shows every answer acknowledged so far."""
        before, pending = dict(self.acked), dict(self.pending)
        status, _, body, _ = await self.send(http, "GET", f"/attempt/{self.attempt_id}",
                                             recorder, "reopen attempt")
        after = dict(self.acked)
        pending.update(self.pending)
        if status != 200:
            return False
        shown = {qid: key for qid, key, rest in CHOICE.findall(body) if "checked" in rest}
        # A newer answer than the acknowledged one is fine: it was sent and may be stored.
        return all(shown.get(qid) in (key, after.get(qid), pending.get(qid))
                   for qid, key in before.items())

