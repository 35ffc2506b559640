"""Time the completion-list export of 10,000 trainees and print time and peak memory per format.

    .venv/bin/python bench/export.py [--rows 10000]
"""

import argparse
import random
import time
import tracemalloc
from datetime import date, timedelta

from quiz_server.core.export import to_csv, to_xlsx

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ")
GIVEN = ("Thị Ánh Tuyết", "Văn Đức", "Minh Châu", "Quốc Hưng", "Thu Hà", "Đức Anh")


def fake_rows(count, rng):
    start = date(2026, 11, 1)
    return [{
        "full_name": f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)} {n}",
        "unit": f"Sở Văn hóa, Thể thao và Du lịch tỉnh {n % 34}", "position": "Chuyên viên",
        "province": f"Tỉnh {n % 34}", "email": f"hv{n}@example.vn", "phone": f"09{n:08d}",
        "best_score": round(rng.uniform(0, 100), 1), "passed": n % 3 != 0,
        "completed_on": start + timedelta(days=n % 30), "certificate_code": f"CODE-{n:012d}",
    } for n in range(count)]


def measure(name, write, rows):
    """Time one run untraced, then trace a second run for peak memory (tracing slows it)."""
    began = time.perf_counter()
    body = write(rows)
    elapsed = time.perf_counter() - began
    tracemalloc.start()
    write(rows)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{name:5} {len(rows):7d} rows  {elapsed:6.2f} s  peak {peak / 2**20:6.1f} MiB  "
          f"output {len(body) / 2**20:5.1f} MiB")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    rows = fake_rows(args.rows, random.Random(1))
    measure("csv", to_csv, rows)
    measure("xlsx", to_xlsx, rows)


if __name__ == "__main__":
    main()
