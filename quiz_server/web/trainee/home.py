"""The trainee's pages."""

import math

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import PasswordField, StringField

from quiz_server.app_db import get_db
from quiz_server.core import (
    attempts,
    certificate_pdf,
    certificates,
    courses,
    login_limits,
    throttle,
)
from quiz_server.web.forms import Form, at_most, required
from quiz_server.web.quizzes import close_expired
from quiz_server.web.security import TooBusy, password_check_slot
from quiz_server.web.trainee import bp


@bp.route("/")
@login_required
def home():
    if current_user.is_organizer:
        return redirect(url_for("organizer.home"))
    close_expired(user_id=current_user.id)
    db = get_db()
    return render_template(
        "trainee/home.html", my_courses=courses.courses_of(db, current_user.id),
        practice=attempts.practice_summary(db, current_user.id),
        titles=current_app.extensions["question_bank"].titles,
        my_certificates=certificates.of_user(db, current_user.id))


class EnrolForm(Form):
    code = StringField(_l("Course code"), validators=[required(), at_most(40)])
    key = PasswordField(_l("Course key"), validators=[required(), at_most(64)])


def key_matches(db, course, key):
    """The key check is a password check: it takes a slot of the bounded hashing pool."""
    with password_check_slot():
        return courses.check_enrol_key(db, course, key)


@bp.route("/enrol", methods=["GET", "POST"])
@login_required
def self_enrol():
    """Enrolment with the course's key; wrong keys are throttled so keys cannot be guessed."""
    if current_user.is_organizer:
        return redirect(url_for("organizer.home"))
    form = EnrolForm()
    status = 200
    if form.validate_on_submit():
        db = get_db()
        wait, ticket = login_limits.take_enrol_key(db, current_user.id,
                                                   request.remote_addr or "unknown")
        if wait:
            flash(_("Too many wrong course keys. Wait %(minutes)s minute(s) and try again, or "
                    "ask your organizer to enrol you.", minutes=math.ceil(wait / 60)), "error")
            return render_template("trainee/enrol.html", form=form), 429, {
                "Retry-After": str(wait)}
        course = courses.get_course(db, form.code.data.strip())
        try:
            right = course is not None and not course.archived and key_matches(db, course,
                                                                               form.key.data)
        except TooBusy as busy:
            throttle.release(db, ticket)
            flash(_("The server is busy. Wait a few seconds and try again."), "error")
            return render_template("trainee/enrol.html", form=form), 429, {
                "Retry-After": str(busy.retry_after)}
        if right:
            throttle.release(db, ticket)
            courses.enrol(db, course.id, current_user.id)
            flash(_("You are enrolled in %(title)s.", title=course.title(str(get_locale()))),
                  "info")
            return redirect(url_for("trainee.course", code=course.code))
        flash(_("This course code and key do not match an open course. Check both with your "
                "organizer."), "error")
        status = 400
    elif request.method == "POST":
        status = 400
    return render_template("trainee/enrol.html", form=form), status


@bp.route("/certificates/<code>.pdf")
@login_required
def my_certificate(code):
    """A trainee's own live certificate; anyone else's code, an unknown or a withdrawn one
    gives 404."""
    close_expired(user_id=current_user.id)
    cert = certificates.by_code(get_db(), code)
    if cert is None or cert["user_id"] != current_user.id or cert["withdrawn_at"]:
        abort(404)
    body = certificate_pdf.to_pdf(cert, certificate_pdf.letterhead(current_app.config))
    return body, 200, {"Content-Type": "application/pdf", "Content-Disposition":
                       f'attachment; filename="{certificates.filename(cert)}"'}
