"""Serve the built handbook (``site/``) as static files, gzip-compressed when accepted.

`make run` has no separate web server, so this small WSGI app stands in for one. Compressed
bodies are cached per file and modification time: pages are small and few.

Caching for slow lines (the README gives the same rules for nginx): a file whose name carries
a hash of its content (``main.e71ed3efa5.min.css``, see handbook/fingerprint_hooks.py) never
changes, so browsers keep it a year without asking (``immutable``); every other file carries an
``ETag`` and ``Last-Modified``, and a browser that has it already gets ``304 Not Modified`` and
no body. Pages are revalidated at each visit (``no-cache``) so a new edition shows at once.
The 404 page is the one of the language of the address (``/en/…`` → ``en/404.html``).
"""

import gzip
import hashlib
import mimetypes
import os
import re
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from pathlib import Path

from quiz_server.web import handbook_headers

COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript",
                "application/json", "image/svg+xml", "application/xml", "text/xml", "text/plain"}
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:css|js)$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
ASSET = "public, max-age=3600"
LANGUAGE = re.compile(r"[a-z]{2}")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/manifest+json", ".webmanifest")


@lru_cache(maxsize=512)
def _compressed(path, mtime_ns):
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


@lru_cache(maxsize=1024)
def _etag(path, mtime_ns):
    """A weak validator: the same for the plain and the gzipped body of one file."""
    return 'W/"' + hashlib.sha256(Path(path).read_bytes()).hexdigest()[:20] + '"'


def cache_control(file, ctype):
    if FINGERPRINTED.search(file.name):
        return IMMUTABLE
    return REVALIDATE if ctype in ("text/html", "application/json") else ASSET


def not_modified(environ, etag, modified):
    """Whether the browser's copy is current (If-None-Match first, as RFC 9110 asks)."""
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if not since:
        return False
    try:
        return modified <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class StaticSite:
    def __init__(self, root, https=False):
        self.root = Path(root).resolve()
        self.security_headers = handbook_headers.headers(self.root, https)

    def resolve(self, url_path):
        """The file for a URL path, or None; never a file outside the site folder."""
        try:
            candidate = (self.root / url_path.lstrip("/")).resolve()
            if candidate != self.root and self.root not in candidate.parents:
                return None
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None
        except (ValueError, OSError):  # a NUL byte or a name too long: no such page
            return None

    def not_found_page(self, url_path):
        """The 404 page of the address's language folder, else the default language's."""
        first = url_path.lstrip("/").split("/", 1)[0]
        pages = [self.root / first / "404.html"] if LANGUAGE.fullmatch(first) else []
        return next((page for page in [*pages, self.root / "404.html"] if page.is_file()), None)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        file = self.resolve(path)
        directory = file is not None and file.name == "index.html"
        if directory and not path.endswith(("/", ".html")):
            location = environ.get("SCRIPT_NAME", "") + path + "/"
            start_response("301 Moved Permanently", [("Location", location)])
            return [b""]
        if file is None:
            return self.not_found(environ, start_response, path)
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        stat = file.stat()
        etag = _etag(str(file), stat.st_mtime_ns)
        modified = datetime.fromtimestamp(int(stat.st_mtime), UTC)
        headers = [("Cache-Control", cache_control(file, ctype)), ("ETag", etag),
                   ("Last-Modified", format_datetime(modified, usegmt=True)),
                   *self.security_headers]
        if ctype in COMPRESSIBLE:
            headers.append(("Vary", "Accept-Encoding"))
        if not_modified(environ, etag, modified):
            start_response("304 Not Modified", headers)
            return [b""]
        return self.send(environ, start_response, "200 OK", file, ctype, headers)

    def not_found(self, environ, start_response, path):
        page = self.not_found_page(path)
        if page is None:
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not found"]
        headers = [("Cache-Control", REVALIDATE), ("Vary", "Accept-Encoding"),
                   *self.security_headers]
        return self.send(environ, start_response, "404 Not Found", page, "text/html", headers)

    def send(self, environ, start_response, status, file, ctype, headers):
        textual = ctype.startswith("text/") or ctype in COMPRESSIBLE
        headers = [("Content-Type", f"{ctype}; charset=utf-8" if textual else ctype), *headers]
        if ctype in COMPRESSIBLE and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            body = _compressed(str(file), file.stat().st_mtime_ns)
            headers.append(("Content-Encoding", "gzip"))
        else:
            body = file.read_bytes()
        headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return [b""]
        return [body]


def site_dir():
    return os.environ.get("QUIZ_SITE_DIR", "site")
