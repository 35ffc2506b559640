"""The question bank for organizers: every question with its key, and how past courses did."""

from flask import current_app, render_template, request
from flask_babel import get_locale

from handbook.bank import POOLS
from quiz_server.app_db import get_db
from quiz_server.core import reports
from quiz_server.web.organizer import bp
from quiz_server.web.security import organizer_required


@bp.route("/bank")
@organizer_required
def question_bank():
    """Keys are shown here only: the page is behind ``organizer_required``, never cached."""
    bank = current_app.extensions["question_bank"]
    pool = request.args.get("pool") if request.args.get("pool") in POOLS else None
    chapters = [(slug, [q for q in bank.chapter(slug) if pool in (None, q.pool)])
                for slug in bank.chapters]
    response = current_app.make_response(render_template(
        "organizer/bank.html", bank=bank, chapters=chapters, pool=pool,
        statistics=reports.bank_statistics(get_db()), locale=str(get_locale())))
    response.headers["Cache-Control"] = "no-store"
    return response
