"""The public check of a certificate, reached from its QR code."""

import math

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from quiz_server.app_db import get_db
from quiz_server.core import cert_codes, certificates, throttle
from quiz_server.web.public import bp
from quiz_server.web.quizzes import close_expired

# Issue 7 item 19: lookups of the public verify page per address.
VERIFY_LIMIT, VERIFY_WINDOW = 30, 300


@bp.route("/verify")
def verify_form():
    """A form to type the code printed on a certificate; it leads to the code's page."""
    typed = request.args.get("code", "").strip()
    if typed:
        return redirect(url_for("public.verify", code=cert_codes.normalise(typed)), 303)
    return render_template("public/verify_form.html", code="", not_found=False)


@bp.route("/verify/<code>")
def verify(code):
    """Public check of a certificate: name, course and date only, or that it was withdrawn;
    rate-limited per address."""
    db = get_db()
    address = request.remote_addr or "unknown"
    wait = throttle.retry_after(db, "verify-address", address, VERIFY_LIMIT, VERIFY_WINDOW)
    if wait:
        message = _("Too many certificate checks from this address. Wait %(minutes)s minute(s) "
                    "and try again.", minutes=math.ceil(wait / 60))
        return render_template("error.html", code=429, message=message), 429, {
            "Retry-After": str(wait)}
    throttle.note(db, "verify-address", address)
    close_expired()
    cert = certificates.by_code(db, cert_codes.normalise(code))
    if cert is None:
        return render_template("public/verify_form.html", code=code, not_found=True), 404, {
            "X-Robots-Tag": "noindex"}
    return render_template("trainee/verify.html", cert=certificates.public_view(cert)), 200, {
        "X-Robots-Tag": "noindex", "Cache-Control": "no-store"}
