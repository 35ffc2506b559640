"""Online backup of the SQLite database, safe while the server is answering, and the retention
of backups: an erasure reaches the backups when the last backup made before it is deleted."""

import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from quiz_server.db import PRIVATE

SQLITE_HEADER = b"SQLite format 3\x00"


def backup(source_path, target_path, pages_per_step=1024):
    """Copy the database to ``target_path`` with SQLite's online backup API.

    Unlike copying the file, this takes a consistent snapshot that includes what is still
    in the write-ahead log, and writers are only paused for each small step. The copy is
    0600 from its creation: it holds password hashes and personal data.
    Returns the number of pages copied.
    """
    target_path = Path(target_path)
    if target_path.exists():
        raise FileExistsError(f"{target_path} already exists; choose a new file")
    target_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(target_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE))
    source = sqlite3.connect(source_path, timeout=10)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target, pages=pages_per_step)
        pages = target.execute("PRAGMA page_count").fetchone()[0]
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
        source.close()
    target_path.chmod(PRIVATE)
    if check != "ok":
        raise RuntimeError(f"the backup failed its integrity check: {check}")
    return pages


def default_name(directory, now=None):
    """``quiz-YYYYMMDD-HHMMSS.sqlite`` in ``directory`` (UTC, so names sort by time)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return Path(directory) / f"quiz-{stamp}.sqlite"


def _is_backup(path):
    try:
        with open(path, "rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def prune(directory, keep_days, now=None):
    """Delete the SQLite backups in ``directory`` last written more than ``keep_days`` ago.

    Only files that are SQLite databases are touched; returns the paths deleted.
    """
    now = time.time() if now is None else now
    limit = now - keep_days * 86400
    deleted = []
    folder = Path(directory)
    if not folder.is_dir():
        return deleted
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.stat().st_mtime < limit and _is_backup(path):
            path.unlink()
            deleted.append(path)
    return deleted
