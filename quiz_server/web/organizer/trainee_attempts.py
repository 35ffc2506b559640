"""One trainee's final-test attempts in a course, for the organizer: each answer beside the
key, with the times. Read only; what the trainee may see is decided elsewhere."""

from flask import abort, current_app, render_template
from flask_babel import get_locale

from quiz_server.app_db import get_db
from quiz_server.core import attempts, courses, report_view, users
from quiz_server.web.organizer import bp
from quiz_server.web.organizer.courses import course_or_404
from quiz_server.web.security import organizer_required


@bp.route("/courses/<code>/trainees/<int:user_id>")
@organizer_required
def trainee_attempts(code, user_id):
    found = course_or_404(code)
    db = get_db()
    if courses.enrolment(db, found.id, user_id) is None:
        abort(404)
    bank = current_app.extensions["question_bank"]
    shown = []
    for attempt_id in report_view.final_attempts(db, found.id, user_id):
        attempt = attempts.load_attempt(db, attempt_id)
        times = report_view.answer_times(db, attempt_id)
        shown.append((attempt, [(item, bank.questions.get(item.question_id),
                                 times.get(item.position)) for item in attempt.items]))
    return render_template("organizer/trainee_attempts.html", course=found,
                           trainee=users.get_user(db, user_id), attempts=shown,
                           locale=str(get_locale()))
