"""The CPU cost of one password check under each scheme, measured in the same run.

    .venv/bin/python bench/hashing.py [--checks 20]

Werkzeug's scrypt (the hashes made before Argon2id, still accepted and rehashed at the next
login) against Argon2id at the parameters of quiz_server/core/hashing.py. CPU time of this
process is reported beside wall time, since the machine may be shared.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from quiz_server.core import hashing  # noqa: E402

PASSWORD = "bench-password-2026"  # noqa: S105


def measure(check, stored, checks):
    """Median wall and CPU milliseconds of one successful check."""
    walls, cpus = [], []
    for _ in range(checks):
        wall, cpu = time.perf_counter(), time.process_time()
        assert check(stored, PASSWORD)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checks", type=int, default=20)
    args = parser.parse_args(argv)
    schemes = {
        "scrypt (werkzeug default)": (check_password_hash, generate_password_hash(PASSWORD)),
        "argon2id m=19 MiB t=2 p=1": (hashing._check, hashing._hash(PASSWORD)),
    }
    print(f"{'scheme':28} {'wall ms':>8} {'cpu ms':>8}   (median of {args.checks} checks)")
    for name, (check, stored) in schemes.items():
        wall, cpu = measure(check, stored, args.checks)
        print(f"{name:28} {wall:8.1f} {cpu:8.1f}")


if __name__ == "__main__":
    main()
