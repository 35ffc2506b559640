"""Lighthouse (mobile) on the built handbook, served gzip-compressed like `make run`.

    make lighthouse          # installs lighthouse 12.2.3 into .lighthouse/, then runs this

Builds the site for a free local port, serves it with quiz_server.web.static_site.StaticSite, runs
Lighthouse with Debian's Chromium on the home page and one chapter in both languages, and
prints the four scores and every audit that lost points. Exit status 1 below the targets.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quiz_server.web.static_site import StaticSite  # noqa: E402

LIGHTHOUSE = ".lighthouse/node_modules/.bin/lighthouse"
PAGES = ["/", "/chapters/01-overview/", "/en/", "/en/chapters/01-overview/"]
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 95}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(out, url):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOOK_SITE_URL=url)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(out)],
                   cwd=ROOT, env=env, check=True)


def lighthouse(binary, url, report):
    env = dict(os.environ, CHROME_PATH=shutil.which("chromium") or "")
    subprocess.run([binary, url, "--quiet", "--output=json", f"--output-path={report}",
                    "--only-categories=" + ",".join(TARGETS), f"--chrome-flags={CHROME_FLAGS}"],
                   env=env, check=True)
    return json.loads(Path(report).read_text(encoding="utf-8"))


def lost_points(result):
    """Audits of the four categories that scored below 1 (weighted or not)."""
    ids = {ref["id"] for cat in result["categories"].values() for ref in cat["auditRefs"]
           if ref.get("weight", 0) > 0}
    return [(a["id"], a["score"], a.get("displayValue", "")) for a in result["audits"].values()
            if a["id"] in ids and a["score"] is not None and a["score"] < 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", default=str(ROOT / LIGHTHOUSE))
    parser.add_argument("--keep", help="folder to keep the JSON reports in")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site, base + "/")
        server = make_server("127.0.0.1", port, StaticSite(site), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        reports = Path(args.keep or tmp)
        reports.mkdir(parents=True, exist_ok=True)
        try:
            print(f"{'page':30} " + " ".join(f"{c:>15}" for c in TARGETS))
            for n, page in enumerate(PAGES):
                result = lighthouse(args.lighthouse, base + page, reports / f"lighthouse-{n}.json")
                scores = {c: round(result["categories"][c]["score"] * 100) for c in TARGETS}
                ok &= all(scores[c] >= t for c, t in TARGETS.items())
                print(f"{page:30} " + " ".join(f"{scores[c]:>15}" for c in TARGETS))
                for audit, score, value in lost_points(result):
                    print(f"    {audit}: {score} {value}")
        finally:
            server.shutdown()
    print("targets: " + ", ".join(f"{c} >= {t}" for c, t in TARGETS.items()),
          "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
