"""A person's own account: password change, "My data" (download, correction, deletion request)."""

import json
import math
import unicodedata

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import EmailField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import Optional, Regexp

from quiz_server.app_db import get_db
from quiz_server.core import auth_log, erasure, mydata, throttle, users
from quiz_server.web.forms import Form, at_most, required
from quiz_server.web.quizzes import close_expired
from quiz_server.web.security import SESSION_KEY, TooBusy, password_check_slot

bp = Blueprint("account", __name__, url_prefix="/account")
CHANGE_LIMIT, CHANGE_WINDOW = 10, 300  # wrong current passwords, seconds

PASSWORD_PROBLEMS = {
    "too_short": _l("Use at least %(n)s characters. A sentence of a few words is easy to "
                    "remember and hard to guess.", n=users.MIN_PASSWORD),
    "too_long": _l("Use at most %(n)s characters.", n=users.MAX_PASSWORD),
    "common": _l("This password is among the most common ones that attackers try first. "
                 "Choose another."),
    "username": _l("The password must not contain your username."),
}


class PasswordForm(Form):
    current = PasswordField(_l("Current password"), validators=[required(),
                                                                at_most(users.MAX_PASSWORD)])
    new = PasswordField(_l("New password"), validators=[required()],
                        description=_l("At least 10 characters; a short sentence works well."))
    confirm = PasswordField(_l("New password again"), validators=[required()])


class ProfileForm(Form):
    phone = StringField(_l("Phone"), validators=[Optional(), at_most(20), Regexp(
        r"^\+?[0-9 .\-]{6,20}$", message=_l("Use digits, spaces and an optional + only."))])
    email = EmailField(_l("Email"), validators=[Optional(), at_most(200), Regexp(
        r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        message=_l("Enter an email address such as name@example.vn."))])
    unit = StringField(_l("Unit"), validators=[Optional(), at_most(200)])
    position = StringField(_l("Position"), validators=[Optional(), at_most(200)])
    province = StringField(_l("Province"), validators=[Optional(), at_most(100)])


class DeletionForm(Form):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), at_most(1000)])
    # Set only by the confirmation page: the first post asks, the second one acts.
    confirmed = HiddenField()


def editable():
    return mydata.editable_fields(current_app.config["PROFILE_EDITABLE"])


def profile_form(row=None):
    form = ProfileForm(data=row) if row else ProfileForm()
    for name in mydata.CORRECTABLE:
        if name not in editable():
            del form[name]
    return form


def check_new_password(form):
    """Field errors for the change; True when every rule passes (costs one password check)."""
    problem = users.password_problem(form.new.data, current_user.username)
    if problem:
        form.new.errors.append(PASSWORD_PROBLEMS[problem])
    elif form.new.data != form.confirm.data:
        form.confirm.errors.append(_l("The two new passwords are not the same."))
    elif form.new.data == form.current.data:
        form.new.errors.append(_l("Choose a password different from the current one."))
    if not users.check_password(get_db(), current_user.id, form.current.data):
        form.current.errors.append(_l("The current password is not right."))
        throttle.note(get_db(), "password-change", str(current_user.id))
    return not (form.new.errors or form.confirm.errors or form.current.errors)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    status = 200
    # Whoever holds an open session must not be able to guess the current password.
    wait = throttle.retry_after(get_db(), "password-change", str(current_user.id),
                                CHANGE_LIMIT, CHANGE_WINDOW)
    if form.is_submitted() and wait:
        flash(_l("Too many wrong current passwords. Wait %(minutes)s minute(s) and try again.",
                 minutes=math.ceil(wait / 60)), "error")
        return render_template("account/password.html", form=form), 429, {
            "Retry-After": str(wait)}
    if form.validate_on_submit():
        try:
            with password_check_slot():
                if check_new_password(form):
                    users.change_password(get_db(), current_user.id, form.new.data,
                                          keep_session=session.get(SESSION_KEY))
                    auth_log.record(get_db(), "password_changed", current_user.id,
                                    request.remote_addr or "")
                    flash(_l("Your password was changed."), "info")
                    return redirect(url_for("trainee.home"))
        except TooBusy as busy:
            flash(_l("The server is busy checking other logins. Wait a few seconds and try "
                     "again."), "error")
            return render_template("account/password.html", form=form), 429, {
                "Retry-After": str(busy.retry_after)}
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template("account/password.html", form=form), status


def my_data():
    close_expired(user_id=current_user.id)
    return mydata.collect(get_db(), current_app.extensions["question_bank"], current_user.id,
                          str(get_locale()))


def render_data(form=None, status=200):
    """The "My data" page, with the correction form (as sent, when it has errors)."""
    if form is None:
        row = next(iter(get_db().query("SELECT * FROM users WHERE id = ?", [current_user.id])))
        form = profile_form(row)
    return render_template("account/data.html", data=my_data(), profile_form=form,
                           deletion_form=DeletionForm(),
                           pending=erasure.pending_request(get_db(), current_user.id)), status


@bp.route("/data")
@login_required
def data():
    return render_data()


@bp.route("/data.json")
@login_required
def data_json():
    body = json.dumps(my_data(), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="my-data-{current_user.id}.json"',
        "Cache-Control": "no-store"})


@bp.route("/profile", methods=["POST"])
@login_required
def profile():
    form = profile_form()
    if form.validate_on_submit():
        changes = {name: unicodedata.normalize("NFC", (form[name].data or "").strip())
                   for name in editable()}
        if changes:
            get_db()["users"].update(current_user.id, changes)
        flash(_l("Your details were corrected."), "info")
        return redirect(url_for("account.data"))
    return render_data(form, 400)


@bp.route("/deletion", methods=["POST"])
@login_required
def deletion():
    form = DeletionForm()
    if not form.validate_on_submit():
        return render_data(status=400)
    if form.confirmed.data != "yes":
        return render_template("account/confirm_deletion.html", form=form)
    erasure.request_deletion(get_db(), current_user.id, form.reason.data)
    flash(_l("Your request was sent to the organizers. Your data will be erased, keeping "
             "only anonymous statistics; you will no longer be able to log in."), "info")
    return redirect(url_for("account.data"))
