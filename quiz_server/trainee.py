"""The trainee's pages."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

bp = Blueprint("trainee", __name__)


@bp.route("/")
@login_required
def home():
    if current_user.is_organizer:
        return redirect(url_for("organizer.home"))
    return render_template("trainee/home.html")
