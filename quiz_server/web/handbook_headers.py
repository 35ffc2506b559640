"""Security headers of the static handbook, the same whether nginx or ``StaticSite`` serves it.

The handbook shares its origin (and so its cookies) with ``/quiz``: a page of it framed by
another site, or made to run a foreign script, would act with a trainee's session. The theme
has a few inline scripts; the policy allows exactly those, by hash, taken from the built site.
"""

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)
HSTS = "max-age=31536000"


def inline_script_hashes(site_root):
    """The CSP source of every distinct inline script in the site's HTML, sorted."""
    found = set()
    for page in Path(site_root).rglob("*.html"):
        for match in INLINE_SCRIPT.finditer(page.read_bytes()):
            digest = base64.b64encode(hashlib.sha256(match.group(1)).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return sorted(found)


def csp(site_root):
    """The handbook's Content-Security-Policy: its own files only, no plugins, no framing."""
    scripts = " ".join(["'self'", *inline_script_hashes(site_root)])
    return ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            f"script-src {scripts}; object-src 'none'; frame-ancestors 'none'; "
            "form-action 'self'; base-uri 'self'")


def headers(site_root, https=False):
    """The headers every handbook response carries (HSTS only when the site is on HTTPS)."""
    found = [("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
             ("Referrer-Policy", "same-origin"), ("Content-Security-Policy", csp(site_root))]
    if https:
        found.append(("Strict-Transport-Security", HSTS))
    return found
