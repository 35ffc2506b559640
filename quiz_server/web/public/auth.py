"""Logging in and out, and the language switch."""

import math

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms import PasswordField, StringField

from quiz_server.app_db import get_db
from quiz_server.core import auth_log, login_limits, throttle, users
from quiz_server.web.forms import Form, at_most, required
from quiz_server.web.i18n import LOCALES, set_locale_cookie
from quiz_server.web.public import bp
from quiz_server.web.security import (
    TooBusy,
    begin_session,
    end_session,
    is_safe_next,
    password_check_slot,
)


class LoginForm(Form):
    username = StringField(_l("Username"), validators=[required(), at_most(64)])
    # Long passphrases and pasted passwords are welcome; 1,024 bounds the hashing work.
    password = PasswordField(_l("Password"), validators=[required(), at_most(users.MAX_PASSWORD)])


def home_for(user):
    return url_for("organizer.home") if user.is_organizer else url_for("trainee.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        return check_login(form)
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


def wait_words(seconds):
    """"40 seconds" or "3 minutes", in the reader's language."""
    if seconds < 60:
        return ngettext("%(num)s second", "%(num)s seconds", seconds)
    return ngettext("%(num)s minute", "%(num)s minutes", math.ceil(seconds / 60))


def refuse_login(form, message, status, retry_after=None):
    flash(message, "error")
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return render_template("auth/login.html", form=form), status, headers


def login_busy(form, retry_after):
    """Every check slot stayed taken for the whole wait: the page counts down the time to
    come back (spread out per trainee) and, with JavaScript, sends the form once at zero."""
    page = render_template("auth/login.html", form=form, retry_after=retry_after)
    return page, 429, {"Retry-After": str(retry_after)}


def check_login(form):
    """Throttled, bounded password check; a new server-side session on success."""
    db = get_db()
    account = users.normalize_username(form.username.data).casefold()
    address = request.remote_addr or "unknown"
    wait, ticket = login_limits.take_login(db, account, address)
    if wait:
        auth_log.lockout(db, form.username.data, address, wait)
        return refuse_login(form, _(
            "Too many failed logins for this account from this device. Wait %(when)s and "
            "try again, or ask your organizer to reset your password.",
            when=wait_words(wait)), 429, wait)
    try:
        with password_check_slot():
            user, reason = users.check_login(db, form.username.data, form.password.data)
    except TooBusy as busy:
        throttle.release(db, ticket)
        return login_busy(form, busy.retry_after)
    if reason == "ok":
        throttle.release(db, ticket)
        begin_session(user)
        auth_log.record(db, "login", user.id, address)
        target = request.args.get("next")
        return redirect(target if is_safe_next(target) else home_for(user))
    auth_log.login_failed(db, form.username.data, address, reason)
    if reason == "inactive":
        return refuse_login(form, _(
            "This account is deactivated. Ask the course organizer to reactivate it."), 403)
    return refuse_login(form, _("Wrong username or password."), 401)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    auth_log.record(get_db(), "logout", current_user.id, request.remote_addr or "")
    end_session()
    flash(_("You have logged out."), "info")
    return redirect(url_for("public.login"))


@bp.route("/lang/<code>")
def set_language(code):
    """Switch the interface language and come back to the same page."""
    target = request.args.get("next")
    response = redirect(target if is_safe_next(target) else url_for("trainee.home"))
    if code in LOCALES:
        set_locale_cookie(response, code)
        if current_user.is_authenticated:
            users.set_locale(get_db(), current_user.id, code)
    return response
