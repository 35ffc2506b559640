"""Online backup of the SQLite database, safe while the server is answering."""

import sqlite3
from pathlib import Path


def backup(source_path, target_path, pages_per_step=1024):
    """Copy the database to ``target_path`` with SQLite's online backup API.

    Unlike copying the file, this takes a consistent snapshot that includes what is still
    in the write-ahead log, and writers are only paused for each small step.
    Returns the number of pages copied.
    """
    target_path = Path(target_path)
    if target_path.exists():
        raise FileExistsError(f"{target_path} already exists; choose a new file")
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path, timeout=10)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target, pages=pages_per_step)
        pages = target.execute("PRAGMA page_count").fetchone()[0]
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
        source.close()
    if check != "ok":
        raise RuntimeError(f"the backup failed its integrity check: {check}")
    return pages
