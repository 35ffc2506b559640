"""``python -m handbook check`` (content checks) and ``python -m handbook stats`` (word counts)."""

import argparse
import sys
from pathlib import Path

from . import checks, pages


def stats(root):
    rows = []
    for vi in checks.chapter_pages(Path(root) / "docs"):
        en = pages.twin_of(vi)
        vi_words = pages.count_words(vi.read_text(encoding="utf-8"))
        en_words = pages.count_words(en.read_text(encoding="utf-8")) if en.exists() else 0
        rows.append((vi.stem, vi_words, en_words))
    print(f"{'chapter':32} {'vi words':>9} {'en words':>9}")
    for name, vi_words, en_words in rows:
        print(f"{name:32} {vi_words:9d} {en_words:9d}")
    print(f"{'total':32} {sum(r[1] for r in rows):9d} {sum(r[2] for r in rows):9d}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m handbook")
    parser.add_argument("command", choices=["check", "stats"])
    parser.add_argument("--root", default=".", help="the repository folder")
    args = parser.parse_args(argv)
    if args.command == "stats":
        stats(args.root)
        return 0
    problems, report = checks.run_all(args.root)
    print("\n".join(report), end="\n\n")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("handbook check: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
