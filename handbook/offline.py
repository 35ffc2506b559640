"""``python -m handbook.offline [ZIP]``: the handbook as a zip that works from file://.

Builds the site with ``HANDBOOK_OFFLINE=true`` (Material's offline plugin, plain ``.html``
links, the search index as a script, the worker shim shipped) and zips it under one folder,
leaving out what a reader never loads: source maps, the JSON search indexes (the script
holds them) and lunr languages other than Vietnamese.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ZIP = ROOT / "dist" / "so-tay-offline.zip"
FOLDER = "so-tay-truyen-thong-chinh-sach"
# From file:// the search index is read from search/search_index.js, never from the JSON files.
SKIP = re.compile(r"\.map$|^sitemap\.xml\.gz$|search_index\.json$|^assets/javascripts/lunr/"
                  r"(?!min/lunr\.(vi|stemmer\.support)\.min\.js$)")


def build(site_dir):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOOK_OFFLINE="true")
    # Quiz links cannot be relative from file://: point them at the public server.
    site_url = env.get("HANDBOOK_SITE_URL", "http://127.0.0.1:8000/")
    env.setdefault("HANDBOOK_QUIZ_URL", urljoin(site_url, "quiz/"))
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site_dir)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 (our own command)


def zip_site(site_dir, out):
    out.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in Path(site_dir).rglob("*") if p.is_file())
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            name = path.relative_to(site_dir).as_posix()
            if not SKIP.search(name):
                archive.write(path, f"{FOLDER}/{name}")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m handbook.offline")
    parser.add_argument("zip", nargs="?", type=Path, default=DEFAULT_ZIP)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp) / "site")
        out = zip_site(Path(tmp) / "site", args.zip)
    with zipfile.ZipFile(out) as archive:
        count = len(archive.namelist())
    print(f"{out}: {count} files, {out.stat().st_size / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
