"""The trainee's pages."""

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from . import attempts, courses
from .db import get_db

bp = Blueprint("trainee", __name__)


@bp.route("/")
@login_required
def home():
    if current_user.is_organizer:
        return redirect(url_for("organizer.home"))
    db = get_db()
    return render_template(
        "trainee/home.html", my_courses=courses.courses_of(db, current_user.id),
        practice=attempts.practice_summary(db, current_user.id),
        titles=current_app.extensions["question_bank"].titles)
