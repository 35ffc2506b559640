"""Organizer pages for accounts: search, password reset with a login slip, deactivation,
organizer accounts, and the trainees' deletion requests. Every action is in the audit log."""

import hashlib
import time

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms import HiddenField, StringField

from quiz_server.app_db import get_db
from quiz_server.core import audit, erasure, slips, throttle, users
from quiz_server.web.forms import Form, at_most, required
from quiz_server.web.organizer import bp, confirm
from quiz_server.web.security import organizer_required


class OrganizerForm(Form):
    username = StringField(_l("Username"), validators=[required(), at_most(64)])
    full_name = StringField(_l("Full name"), validators=[required(), at_most(200)])


class SlipForm(Form):
    token = HiddenField(validators=[required(), at_most(4 * users.MAX_PASSWORD)])


# A slip is printed from the reset (or creation) that made its password: the page carries a
# token signed by the server, valid for the download window, naming the account, the organizer
# and the password hash it belongs to. No password is ever tested here, so this is no oracle.
SLIP_SECONDS = 30 * 60
SLIP_REFUSALS = throttle.Limit("login-slip-refused", 10, 3600)


def _slip_signer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="login-slip")


def _hash_mark(user_id):
    row = get_db().execute("SELECT password_hash FROM users WHERE id = ?", [user_id]).fetchone()
    return hashlib.sha256(row[0].encode()).hexdigest()[:32] if row else ""


def slip_token(user_id, password):
    return _slip_signer().dumps({"user": user_id, "by": current_user.id, "password": password,
                                 "hash": _hash_mark(user_id)})


def slip_password(user_id, token):
    """The password a valid token carries for this account and organizer, else None."""
    try:
        data = _slip_signer().loads(token or "", max_age=SLIP_SECONDS)
    except BadData:
        return None
    valid = (isinstance(data, dict) and data.get("user") == user_id
             and data.get("by") == current_user.id and data.get("hash") == _hash_mark(user_id))
    return data.get("password") if valid else None


def account_or_404(user_id):
    user = users.get_user(get_db(), user_id)
    if user is None or user.username.startswith(("deleted-", "anonymous-")):
        abort(404)
    return user


def show_password(user, password, created=False):
    """The generated password, shown this once, with the form that prints the login slip."""
    form = SlipForm(data={"token": slip_token(user.id, password)})
    return render_template("organizer/account_password.html", user=user, password=password,
                           slip_form=form, created=created)


@bp.route("/accounts")
@organizer_required
def accounts():
    text = request.args.get("q", "")
    role = request.args.get("role", "")
    return render_template("organizer/accounts.html", text=text, role=role,
                           found=users.search(get_db(), text, role or None),
                           pending=len(erasure.pending_requests(get_db())))


@bp.route("/accounts/<int:user_id>/reset", methods=["POST"])
@organizer_required
def reset_password(user_id):
    user = account_or_404(user_id)
    if not Form().validate_on_submit():
        abort(400)
    if not confirm.confirmed():
        return confirm.ask(_l("Reset the password of %(name)s?", name=user.full_name), _l(
            "A new password is shown once; the current one stops working and every open "
            "session of %(username)s ends.", username=user.username),
            _l("Yes, reset the password"), url_for("organizer.accounts", q=user.username))
    password = users.reset_password(get_db(), user.id)
    audit.record(get_db(), current_user.id, "account.reset_password", user_id=user.id,
                 username=user.username)
    return show_password(user, password)


def slip_course_line(user_id, locale):
    """The trainee's latest course on the slip, so the slip says what it is for."""
    row = get_db().execute(
        "SELECT c.code, c.title_vi, c.title_en FROM enrolments e JOIN courses c ON "
        "c.id = e.course_id WHERE e.user_id = ? ORDER BY c.starts_on DESC LIMIT 1",
        [user_id]).fetchone()
    if row is None:
        return ""
    title = row[2] if locale == "en" and row[2] else row[1]
    return f"{row[0]} — {title}"


@bp.route("/accounts/<int:user_id>/slip.pdf", methods=["POST"])
@organizer_required
def login_slip(user_id):
    """A one-page login slip for the password a reset just made, within the download window."""
    user = account_or_404(user_id)
    db = get_db()
    wait = throttle.wait_for(db, SLIP_REFUSALS, str(current_user.id), time.time())
    form = SlipForm()
    password = slip_password(user.id, form.token.data) if form.validate_on_submit() else None
    if wait or password is None:
        if not wait:
            throttle.note(db, SLIP_REFUSALS.kind, str(current_user.id))
        audit.record(db, current_user.id, "account.login_slip_refused", user_id=user.id)
        abort(429 if wait else 400)
    locale = str(get_locale())
    body = slips.to_pdf(
        [{"full_name": user.full_name, "username": user.username, "password": password}],
        slip_course_line(user.id, locale), slips.login_address(current_app.config["PUBLIC_URL"]),
        locale)
    audit.record(get_db(), current_user.id, "account.login_slip", user_id=user.id)
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="login-slip-{user.username}.pdf"',
        "Cache-Control": "no-store"})


@bp.route("/accounts/<int:user_id>/active", methods=["POST"])
@organizer_required
def set_active(user_id):
    user = account_or_404(user_id)
    if not Form().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"
    if not active and not confirm.confirmed():
        return confirm.ask(_l("Deactivate %(name)s?", name=user.full_name), _l(
            "%(username)s will no longer be able to log in and every open session ends; "
            "the results are kept and the account can be reactivated.",
            username=user.username), _l("Yes, deactivate"),
            url_for("organizer.accounts", q=user.username))
    try:
        users.set_active(get_db(), user.id, active)
    except users.LastOrganizer:
        flash(_l("The last active organizer cannot be deactivated: create or reactivate "
                 "another organizer first."), "error")
        return redirect(url_for("organizer.accounts", q=user.username))
    audit.record(get_db(), current_user.id,
                 "account.reactivate" if active else "account.deactivate",
                 user_id=user.id, username=user.username)
    flash(_l("The account %(username)s was reactivated.", username=user.username) if active
          else _l("The account %(username)s was deactivated; its results are kept.",
                  username=user.username), "info")
    return redirect(url_for("organizer.accounts", q=user.username))


@bp.route("/organizers/new", methods=["GET", "POST"])
@organizer_required
def new_organizer():
    """A new organizer with a generated password, to be changed at the first login."""
    form = OrganizerForm()
    if form.validate_on_submit():
        password = users.generate_password(16)
        try:
            user_id = users.create_user(get_db(), form.username.data, password, "organizer",
                                        form.full_name.data, must_change_password=1)
        except users.UserError:
            form.username.errors.append(_l("This username is taken or has spaces."))
        else:
            audit.record(get_db(), current_user.id, "account.create_organizer",
                         user_id=user_id, username=form.username.data)
            return show_password(users.get_user(get_db(), user_id), password, created=True)
    status = 400 if form.is_submitted() else 200
    return render_template("organizer/organizer_form.html", form=form), status


@bp.route("/deletion-requests")
@organizer_required
def deletion_requests():
    return render_template("organizer/deletion_requests.html",
                           requests=erasure.pending_requests(get_db()))


@bp.route("/deletion-requests/<int:request_id>/erase", methods=["POST"])
@organizer_required
def erase(request_id):
    if not Form().validate_on_submit():
        abort(400)
    if not confirm.confirmed():
        return confirm.ask(_l("Erase this person's data?"), _l(
            "The name and every personal detail are erased for good; only anonymous "
            "statistics are kept. This cannot be undone."), _l("Yes, erase the data"),
            url_for("organizer.deletion_requests"))
    try:
        done = erasure.carry_out(get_db(), request_id, current_user.id)
    except users.LastOrganizer:
        flash(_l("The last active organizer cannot be erased: create another organizer "
                 "first."), "error")
        return redirect(url_for("organizer.deletion_requests"))
    if not done:
        abort(404)
    flash(_l("The personal data were erased; the anonymous statistics are kept."), "info")
    return redirect(url_for("organizer.deletion_requests"))
