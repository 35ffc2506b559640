"""Serve the built handbook (``site/``) as static files, gzip-compressed when accepted.

`make run` has no separate web server, so this small WSGI app stands in for one. Compressed
bodies are cached per file and modification time: pages are small and few.
"""

import gzip
import mimetypes
import os
from functools import lru_cache
from pathlib import Path

from quiz_server.web import handbook_headers

COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript",
                "application/json", "image/svg+xml", "application/xml", "text/xml", "text/plain"}
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/manifest+json", ".webmanifest")


@lru_cache(maxsize=512)
def _compressed(path, mtime_ns):
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


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

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        file = self.resolve(path)
        directory = file is not None and file.name == "index.html"
        if directory and not path.endswith(("/", ".html")):
            location = environ.get("SCRIPT_NAME", "") + path + "/"
            start_response("301 Moved Permanently", [("Location", location)])
            return [b""]
        if file is None:
            file = self.root / "404.html"
            status = "404 Not Found"
            if not file.is_file():
                start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
                return [b"Not found"]
        else:
            status = "200 OK"
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        textual = ctype.startswith("text/") or ctype in COMPRESSIBLE
        cache = "no-cache" if ctype == "text/html" else "public, max-age=3600"
        headers = [("Content-Type", f"{ctype}; charset=utf-8" if textual else ctype),
                   ("Cache-Control", cache), *self.security_headers]
        stat = file.stat()
        if ctype in COMPRESSIBLE and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            body = _compressed(str(file), stat.st_mtime_ns)
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        else:
            body = file.read_bytes()
        headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return [b""]
        return [body]


def site_dir():
    return os.environ.get("QUIZ_SITE_DIR", "site")
