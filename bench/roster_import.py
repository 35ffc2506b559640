"""Time a roster import of 5,000 new trainees (the cap), password hashing included.

    .venv/bin/python bench/roster_import.py [--rows 5000]

Runs the real import (parse, check, scrypt hashes on the low-priority pool, one write
transaction) into a throwaway SQLite file, then the login slips (PDF and XLSX), and prints
each step's time.
"""

import argparse
import csv
import io
import os
import random
import tempfile
import time

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.core import courses, roster, roster_import, slips
from quiz_server.db import close_thread_connections, migrate

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ")
GIVEN = ("Thị Ánh Tuyết", "Văn Đức", "Minh Châu", "Quốc Hưng", "Thu Hà", "Đức Anh")


def roster_file(count, rng):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(roster.VI_HEADERS)
    for n in range(count):
        writer.writerow([f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                         f"Sở Văn hóa tỉnh {n % 34}", "Chuyên viên", f"Tỉnh {n % 34}",
                         f"hv{n}@example.vn", f"09{n:08d}", ""])
    return out.getvalue().encode("utf-8-sig")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=roster.MAX_ROWS)
    args = parser.parse_args()
    data = roster_file(args.rows, random.Random(1))
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                          "DATABASE": os.path.join(folder, "quiz.sqlite")})
        with app.app_context():
            db = get_db()
            migrate(db)
            course = courses.create_course(db, app.extensions["question_bank"], code="BENCH",
                                           title_vi="Khóa thử", starts_on="2026-12-01",
                                           ends_on="2026-12-02")
            began = time.perf_counter()
            entries = roster.plan(db, roster.parse(data, "roster.csv"))
            checked = time.perf_counter()
            counts = roster_import.import_entries(db, course.id, entries, filename="roster.csv",
                                                  via="bench")
            done = time.perf_counter()
            rows = slips.slip_rows(entries)
            pdf = slips.to_pdf(rows, "BENCH — Khóa thử", "https://example.vn/quiz/login")
            pdf_done = time.perf_counter()
            xlsx = slips.to_xlsx(rows, "BENCH — Khóa thử", "https://example.vn/quiz/login")
            xlsx_done = time.perf_counter()
        close_thread_connections()
    print(f"roster of {args.rows} rows ({len(data) / 2**20:.2f} MiB), {os.cpu_count()} cores")
    print(f"parse and check      {checked - began:7.2f} s")
    print(f"hash and write       {done - checked:7.2f} s  ({counts['created']} accounts, "
          f"{1000 * (done - checked) / max(1, counts['created']):.1f} ms each)")
    print(f"login slips PDF      {pdf_done - done:7.2f} s  ({len(pdf) / 2**20:.1f} MiB)")
    print(f"login slips XLSX     {xlsx_done - pdf_done:7.2f} s  ({len(xlsx) / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
