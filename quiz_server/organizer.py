"""The organizer workspace."""

from flask import Blueprint, render_template

from .security import organizer_required

bp = Blueprint("organizer", __name__, url_prefix="/organizer")


@bp.route("/")
@organizer_required
def home():
    return render_template("organizer/home.html")
