"""Login manager, server-side sessions, CSRF, role checks, account gates, security headers."""

from functools import wraps
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from quiz_server.app_db import get_db
from quiz_server.core import auth_log, sessions, users
from quiz_server.web.handbook_headers import HSTS
from quiz_server.web.login_queue import CheckQueue, TooBusy  # noqa: F401 (raised by the slot)

SESSION_KEY = "sid"
IDLE_ENDED = "idle_ended"
# Endpoints open to a logged-in account that still has a step to take (privacy notice,
# forced password change): the steps themselves, logging out and switching language.
STEP_ENDPOINTS = {"static", "public.logout", "public.set_language", "public.privacy_notice",
                  "public.consent", "account.password"}

login_manager = LoginManager()
login_manager.login_view = "public.login"
login_manager.login_message = _l("Please log in to continue.")
login_manager.login_message_category = "info"
# Sessions are server-side rows with a random id, new at each login and ended at logout or
# reset: binding them to the address and browser only logged out phones moving from Wi-Fi to 4G.
login_manager.session_protection = None
csrf = CSRFProtect()


@login_manager.user_loader
def load_user(user_id):
    """The user of the server-side session named in the cookie, if it is alive and active."""
    config = current_app.config
    row, ended = sessions.lookup(get_db(), session.get(SESSION_KEY), config["IDLE_MINUTES"] * 60,
                                 lifetime_seconds=config["SESSION_HOURS"] * 3600)
    g.session_expired = ended
    if ended:
        auth_log.record(get_db(), f"session_{ended}", int(user_id), request.remote_addr or "")
    if row is None or str(row["id"]) != str(user_id):
        return None
    user = users.from_row(row)
    return user if user.active else None


def begin_session(user):
    """Log ``user`` in with a new server-side session id (the old cookie's content is dropped,
    except anonymous practice attempts, so an id planted before login is useless)."""
    kept = {key: session[key] for key in ("practice_tokens",) if key in session}
    session.clear()
    session.update(kept)
    session[SESSION_KEY] = sessions.start(get_db(), user.id)
    login_user(user)


def end_session():
    sessions.end(get_db(), session.pop(SESSION_KEY, None))
    logout_user()


def password_check_slot(app=None):
    """Hold one of ``MAX_PASSWORD_CHECKS`` slots, waiting in turn (``login_queue``).

    A burst of password checks could otherwise take every core and starve the autosaves of
    trainees already in a test (STACK.md); raises TooBusy when the wait would be too long.
    """
    return (app or current_app).extensions["password_checks"].slot()


def wants_json():
    return request.accept_mimetypes.best == "application/json" or request.is_json


def idle_message():
    if g.get("session_expired") == "lifetime":
        return _l("Your session ended %(hours)s hours after you logged in. Log in again: your "
                  "saved answers are kept.", hours=current_app.config["SESSION_HOURS"])
    return _l("Your session ended after %(minutes)s minutes without activity. Log in again: "
              "your saved answers are kept.", minutes=current_app.config["IDLE_MINUTES"])


def check_session():
    """Before each request: say clearly when the session ended for idleness, and send an
    account with a step to take (privacy notice, new password) to that step first."""
    if request.endpoint == "static":
        return None
    user = current_user._get_current_object()
    if g.get("session_expired") or (IDLE_ENDED in session and not user.is_authenticated):
        logout_user()
        session.pop(SESSION_KEY, None)
        if wants_json():
            session[IDLE_ENDED] = True  # the page's next load explains it too
            return jsonify(error="session_expired", message=str(idle_message())), 401
        session.pop(IDLE_ENDED, None)
        flash(idle_message(), "info")
        target = (request.script_root + request.full_path.rstrip("?")
                  if request.method == "GET" else None)
        return redirect(url_for("public.login", next=target))
    if not user.is_authenticated or request.endpoint in STEP_ENDPOINTS:
        return None
    step = None
    if not user.is_organizer and not user.privacy_accepted_at:
        step = "public.consent"
    elif user.must_change_password:
        step = "account.password"
    if step is None:
        return None
    if wants_json():
        return jsonify(error="step_required", message=str(_l(
            "Open the page again to continue."))), 403
    return redirect(url_for(step))


def organizer_required(view):
    """Only active organizers; anyone else logged in gets 403, and the attempt is logged."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_organizer:
            current_app.logger.warning(
                "forbidden: user %s (%s) tried %s %s",
                current_user.id, current_user.role, request.method, request.path)
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def is_safe_next(target):
    r"""A ``next`` value is followed only when it is a path on this site.

    Browsers drop tabs and newlines inside URLs and read a backslash as a slash, so
    ``/\t/evil.example`` or ``/\evil.example`` would leave the site: any of them is refused.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if any(ord(c) < 32 or c in "\\\x7f" for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def add_security_headers(response):
    """Headers of every quiz response. Every page but the static files is built for one
    person (names, results, passwords, exports): none may be kept by a browser or a proxy."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    if current_app.config.get("HSTS"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app):
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Behind a reverse proxy every request comes from the proxy: throttling per address
        # needs the client address it forwards (and HTTPS needs its scheme).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    login_manager.init_app(app)
    csrf.init_app(app)
    app.extensions["password_checks"] = CheckQueue(
        app.config["MAX_PASSWORD_CHECKS"], app.config["MAX_LOGINS_WAITING"],
        app.config["LOGIN_WAIT_SECONDS"])
    app.before_request(check_session)  # after CSRFProtect's own check
    app.after_request(add_security_headers)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("error.html", code=400, message=_l(
            "The form has expired or was not sent from this site. Go back, reload the page and "
            "try again.")), 400

    @app.errorhandler(403)
    def forbidden(error):
        return render_template("error.html", code=403, message=_l(
            "You do not have permission to open this page.")), 403

    @app.errorhandler(404)
    def not_found(error):
        return render_template("error.html", code=404, message=_l(
            "This page does not exist.")), 404

    @app.errorhandler(413)
    def too_large(error):
        return render_template("error.html", code=413, message=_l(
            "The file is too large: send at most 8 MB (a roster file at most 2 MB).")), 413
