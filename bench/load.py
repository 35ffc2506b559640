"""A national final test against the quiz server under gunicorn, then a check of the database.

    .venv/bin/python bench/load.py                      # 2,000 trainees over a 5-minute ramp
    .venv/bin/python bench/load.py --trainees 10000     # 10,000 over a 15-minute ramp
    .venv/bin/python bench/load.py --kill-at 150        # durability: SIGKILL the server mid-test
    .venv/bin/python bench/load.py --trainees 100 --ramp 20 --exam 60 --ceiling-seconds 5

Phases: (1) the ceiling — a bare Flask + SQLite insert endpoint and our autosave endpoint, each
under the same closed loop of concurrent clients, and their ratio; (2) the scenario — trainees
arrive over the ramp, log in, start the test, autosave one answer every 15 s and submit in the
last 2 minutes; (3) the check — every answer the server acknowledged is in the database, every
submitted attempt is graded once, and (after a kill) attempts resume with their answers.
Only 127.0.0.1 is contacted; each phase is bounded in time and the script stops by itself.
"""

import argparse
import asyncio
import os
import random
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from loadclient import Recorder, Trainee, wait_ready

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = "bench-password-2026"  # noqa: S105
COURSE = "BENCH-2026"


def cpu_seconds(pid):
    """User + system CPU seconds of ``pid`` and its children (gunicorn's master and workers)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(database, count, closes_at):
    """A course whose final test is open now, and ``count`` enrolled trainees.

    Every account gets the same Argon2id hash (computed once), as a roster import makes it:
    a login still costs a full password check, but setting up 10,000 accounts takes seconds.
    """
    from handbook.bank import QUESTIONS_DIR, load_bank
    from quiz_server.core import courses
    from quiz_server.core.hashing import generate_password_hash
    from quiz_server.core.users import now_iso
    from quiz_server.db import connect, migrate

    db = connect(database)
    migrate(db)
    bank = load_bank(QUESTIONS_DIR)
    minutes = int((closes_at - datetime.now(UTC)).total_seconds() // 60) + 2
    course = courses.create_course(
        db, bank, code=COURSE, title_vi="Kiểm tra tải", title_en="Load test",
        starts_on=datetime.now(UTC).date().isoformat(), ends_on=closes_at.date().isoformat(),
        questions_per_chapter=1, time_limit_minutes=min(600, minutes), max_attempts=1,
        opens_at=(datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
        closes_at=closes_at.isoformat(), review_rule="never")
    password_hash = generate_password_hash(PASSWORD)
    now = now_iso()
    columns = {c.name for c in db["users"].columns}
    profile = {"privacy_accepted_at": now} if "privacy_accepted_at" in columns else {}
    db["users"].insert_all(({
        "username": f"hv{n:05d}", "password_hash": password_hash, "role": "trainee",
        "full_name": f"Học viên {n}", "province": f"Tỉnh {n % 34 + 1}", "created_at": now,
        **profile} for n in range(count)), batch_size=1000)
    ids = [row[0] for row in db.execute("SELECT id FROM users WHERE role = 'trainee'")]
    db["enrolments"].insert_all(({"course_id": course.id, "user_id": i, "enrolled_at": now}
                                 for i in ids), batch_size=1000)
    db.conn.close()
    return [f"hv{n:05d}" for n in range(count)]


class Server:
    """gunicorn in its own process group, so a kill takes the master and every worker."""

    def __init__(self, app_spec, port, env, workers, threads):
        self.args = [GUNICORN, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                     "--threads", str(threads), "--backlog", "4096", "--log-level", "warning",
                     app_spec]
        self.env, self.url, self.proc = env, f"http://127.0.0.1:{port}", None

    def start(self):
        self.proc = subprocess.Popen(self.args, cwd=ROOT, env=self.env, start_new_session=True)

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


async def closed_loop(http, seconds, workers, request, recorder, name):
    """``workers`` clients each sending ``request`` back to back for ``seconds``."""
    stop = time.monotonic() + seconds

    async def worker(n):
        while time.monotonic() < stop:
            await request(http, n, recorder, name)

    await asyncio.gather(*(worker(n) for n in range(workers)))


async def bare_request(http, n, recorder, name, url=None):
    started = time.monotonic()
    try:
        async with http.post(url + "/answer", data={"who": str(n), "question_id": "q",
                                                    "choice": "a"}) as response:
            await response.read()
            recorder.add(name, time.monotonic() - started, response.status == 200)
    except aiohttp.ClientError:
        recorder.add(name, time.monotonic() - started, False)


async def ceiling(args, bare_url, quiz_url, usernames, recorder):
    """Bare insert endpoint against our autosave, same clients, same length."""
    connector = aiohttp.TCPConnector(limit=args.ceiling_connections)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def bare(h, n, rec, name):
            await bare_request(h, n, rec, name, url=bare_url)

        await closed_loop(http, args.ceiling_seconds, args.ceiling_connections, bare, recorder,
                          "ceiling: bare insert")
        trainees = [Trainee(u, PASSWORD, quiz_url, COURSE) for u in usernames]
        await asyncio.gather(*(t.log_in_and_start(http, recorder) for t in trainees))

        async def autosave(h, n, rec, name):
            await trainees[n].autosave(h, rec, name)

        await closed_loop(http, args.ceiling_seconds, args.ceiling_connections, autosave,
                          recorder, "ceiling: our autosave")
        return trainees


async def scenario(args, server, usernames, recorder, exam_end):
    """Arrivals over the ramp, an autosave every 15 s, submits in the last two minutes."""
    connector = aiohttp.TCPConnector(limit=args.connections)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        start = time.monotonic()
        trainees = [Trainee(u, PASSWORD, server.url + "/quiz", COURSE) for u in usernames]
        rng = random.Random(args.seed)
        tasks = [asyncio.create_task(t.sit_exam(
            http, recorder, arrive_at=start + rng.uniform(0, args.ramp),
            submit_at=exam_end - rng.uniform(5, 115), every=args.every, rng=rng))
            for t in trainees]
        if args.kill_at:
            await asyncio.sleep(args.kill_at)
            print(f"\n[durability] SIGKILL to gunicorn at {args.kill_at} s", flush=True)
            killed_at = time.monotonic()
            server.kill()
            server.start()
            await wait_ready(http, server.url + "/quiz/login")
            print(f"[durability] restarted, answering after "
                  f"{time.monotonic() - killed_at:.1f} s", flush=True)
            resumed = await resume_check(http, trainees, recorder)
        await asyncio.gather(*tasks)
        return trainees, resumed if args.kill_at else None


async def resume_check(http, trainees, recorder, sample=200):
    """Right after a restart: reopened attempts show the answers acknowledged before it."""
    picked = [t for t in trainees if t.attempt_id and t.acked and not t.submitted][:sample]
    results = await asyncio.gather(*(t.saved_answers_on_page(http, recorder) for t in picked))
    return sum(results), len(picked)


def check_database(database, trainees):
    """An acknowledged answer counts as kept when the database holds it, or a newer choice of
    the same question sent after it (a request whose answer the client did not wait for)."""
    conn = sqlite3.connect(database)
    lost = stored = 0
    for t in trainees:
        for question_id, choice in t.acked.items():
            row = conn.execute("SELECT answer FROM attempt_items WHERE attempt_id = ? AND "
                               "question_id = ?", [t.attempt_id, question_id]).fetchone()
            later = {f'["{c}"]' for c in t.unconfirmed.get(question_id, ())}
            if row and (row[0] == f'["{choice}"]' or row[0] in later):
                stored += 1
            else:
                lost += 1
    submitted = {t.attempt_id for t in trainees if t.submitted}
    ungraded = {row[0] for row in conn.execute(
        "SELECT id FROM attempts WHERE kind = 'final' AND "
        "(submitted_at IS NULL OR score IS NULL)")}
    duplicates = conn.execute(
        "SELECT count(*) FROM (SELECT user_id FROM attempts WHERE kind = 'final' "
        "GROUP BY user_id HAVING count(*) > 1)").fetchone()[0]
    conn.close()
    return {"acknowledged answers stored": stored, "acknowledged answers lost": lost,
            "submitted attempts": len(submitted),
            "submitted but not graded": len(submitted & ungraded),
            "trainees with more than one attempt": duplicates}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trainees", type=int, default=2000)
    parser.add_argument("--ramp", type=float, help="arrival window in seconds "
                        "(default 300 for up to 2,000 trainees, 900 above)")
    parser.add_argument("--exam", type=float, default=300,
                        help="seconds from the end of the ramp to the end of the test")
    parser.add_argument("--every", type=float, default=15, help="seconds between autosaves")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--connections", type=int, default=400,
                        help="client connection pool during the scenario")
    parser.add_argument("--ceiling-seconds", type=float, default=20)
    parser.add_argument("--ceiling-connections", type=int, default=200)
    parser.add_argument("--kill-at", type=float, default=0,
                        help="seconds into the scenario to SIGKILL and restart the server")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.ramp is None:
        args.ramp = 300 if args.trainees <= 2000 else 900
    return args


def main(argv=None):
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="quiz-load-"))
    database, bare_db = workdir / "quiz.sqlite", workdir / "bare.sqlite"
    exam_seconds = args.ramp + args.exam
    spare = args.ceiling_connections
    closes = datetime.now(UTC) + timedelta(seconds=exam_seconds + 3 * args.ceiling_seconds + 600)
    started = time.monotonic()
    usernames = prepare(database, args.trainees + spare, closes)
    print(f"Prepared {args.trainees + spare} trainees in {time.monotonic() - started:.1f} s "
          f"({workdir})", flush=True)
    env = dict(os.environ, QUIZ_DATABASE=str(database), QUIZ_SECRET_KEY=secrets.token_hex(32),
               QUIZ_SITE_DIR=str(workdir / "no-site"), PYTHONPATH=str(ROOT))
    server = Server("quiz_server.wsgi:create_wsgi()", free_port(), env, args.workers,
                    args.threads)
    bare = Server(f"bench.bare_app:create_app({str(bare_db)!r})", free_port(), env,
                  args.workers, args.threads)
    ceiling_recorder, recorder, cpu_used = Recorder(), Recorder(), {}
    try:
        server.start()
        bare.start()

        async def run():
            async with aiohttp.ClientSession() as http:
                await wait_ready(http, server.url + "/quiz/login")
                await wait_ready(http, bare.url + "/ready")
            spares = await ceiling(args, bare.url, server.url + "/quiz", usernames[:spare],
                                   ceiling_recorder)
            bare.stop()
            exam_end = time.monotonic() + exam_seconds
            cpu_before = cpu_seconds(server.proc.pid), time.process_time(), time.monotonic()
            trainees, resumed = await scenario(args, server, usernames[spare:], recorder,
                                               exam_end)
            wall = time.monotonic() - cpu_before[2]
            if not args.kill_at:  # a killed server's CPU time is gone with it
                cpu_used.update(server=(cpu_seconds(server.proc.pid) - cpu_before[0]) / wall,
                                client=(time.process_time() - cpu_before[1]) / wall)
            return spares + trainees, resumed

        trainees, resumed = asyncio.run(run())
    finally:
        server.stop()
        bare.stop()
    print(f"\nMachine: {os.cpu_count()} cores; gunicorn {args.workers} workers x "
          f"{args.threads} threads; {args.trainees} trainees, ramp {args.ramp:.0f} s, "
          f"test ends {exam_seconds:.0f} s after the first arrival, autosave every "
          f"{args.every:.0f} s")
    print(f"\nCeiling ({args.ceiling_connections} concurrent clients, "
          f"{args.ceiling_seconds:.0f} s each):")
    ceiling_recorder.report()
    bare_rate = ceiling_recorder.rate("ceiling: bare insert")
    ours = ceiling_recorder.rate("ceiling: our autosave")
    print(f"  autosave / bare insert = {ours / bare_rate:.2f}" if bare_rate else "")
    print("\nScenario:")
    recorder.report()
    recorder.timeline("autosave")
    if cpu_used:
        print(f"  CPU used on average: server {cpu_used['server']:.2f} cores, load generator "
              f"{cpu_used['client']:.2f} cores, of {os.cpu_count()}")
    print("\nDatabase check:")
    for name, value in check_database(database, trainees).items():
        print(f"  {name:40} {value}")
    if resumed:
        print(f"  {'reopened after the kill with all answers':40} {resumed[0]} of {resumed[1]}")
    print(f"\nTotal time {time.monotonic() - started:.0f} s; data left in {workdir}")


if __name__ == "__main__":
    main()
