"""Login manager, CSRF, role checks and security headers."""

from functools import wraps

from flask import abort, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from . import users
from .db import get_db

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please log in to continue.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"
csrf = CSRFProtect()


@login_manager.user_loader
def load_user(user_id):
    try:
        return users.get_user(get_db(), int(user_id))
    except (TypeError, ValueError):
        return None


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
    """A ``next`` value is followed only when it is a path on this site."""
    return bool(target) and target.startswith("/") and not target.startswith(("//", "/\\"))


def add_security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def init_app(app):
    login_manager.init_app(app)
    csrf.init_app(app)
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
