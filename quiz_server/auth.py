"""Logging in and out, and the language switch."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from wtforms import PasswordField, StringField

from . import users
from .db import get_db
from .forms import Form, at_most, required
from .i18n import LOCALES, set_locale_cookie
from .security import is_safe_next

bp = Blueprint("auth", __name__)


class LoginForm(Form):
    username = StringField(_l("Username"), validators=[required(), at_most(64)])
    # Long passphrases and pasted passwords are welcome; 1,024 bounds the hashing work.
    password = PasswordField(_l("Password"), validators=[required(), at_most(1024)])


def home_for(user):
    return url_for("organizer.home") if user.is_organizer else url_for("trainee.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = users.authenticate(get_db(), form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else home_for(user))
        flash(_("Wrong username or password."), "error")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


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
