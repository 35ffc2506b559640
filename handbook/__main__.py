"""``python -m handbook check`` (content checks and bank statistics), ``stats`` (word counts),
``questions export FILE.xlsx`` and ``questions import FILE.xlsx`` (the bank for reviewers)."""

import argparse
import sys
from pathlib import Path

from . import bank_import, checks, pages, spreadsheet
from .bank import BankError, load_bank


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
    return 0


def check(root):
    problems, report = checks.run_all(root)
    print("\n".join(report), end="\n\n")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("handbook check: no problems")
    return 0


def export(root, path):
    """Export the bank as it loads (a bank the server would refuse is not handed to reviewers)."""
    try:
        bank = load_bank(Path(root) / "handbook" / "questions")
    except BankError as error:
        print("\n".join(error.problems))
        print("the bank does not load; nothing was exported", file=sys.stderr)
        return 1
    spreadsheet.export_workbook(bank, path)
    print(f"{len(bank)} questions written to {path}")
    return 0


def import_(root, path, lang):
    errors, written = bank_import.import_workbook(path, root)
    if errors:
        print("\n".join(bank_import.describe(errors, lang)))
        summary = ("{} lỗi; không tệp nào được ghi." if lang == "vi"
                   else "{} error(s); no file was written.")
        print(summary.format(len(errors)), file=sys.stderr)
        return 1
    for target in written:
        print(target)
    print(("Đã ghi {} tệp." if lang == "vi" else "{} file(s) written.").format(len(written)))
    return 0


def main(argv=None):
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=".", help="the repository folder")
    parser = argparse.ArgumentParser(prog="python -m handbook")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", parents=[common],
                        help="content checks and the question bank's statistics")
    commands.add_parser("stats", parents=[common], help="word counts per chapter")
    questions = commands.add_parser("questions", parents=[common],
                                    help="the bank as a spreadsheet")
    questions.add_argument("action", choices=["export", "import"])
    questions.add_argument("file", help="the .xlsx file")
    questions.add_argument("--lang", choices=["vi", "en"], default="vi",
                           help="language of the import's error messages")
    args = parser.parse_args(argv)
    if args.command == "stats":
        return stats(args.root)
    if args.command == "check":
        return check(args.root)
    if args.action == "export":
        return export(args.root, args.file)
    return import_(args.root, args.file, args.lang)


if __name__ == "__main__":
    sys.exit(main())
