"""Practice quizzes per chapter, open to anyone: the handbook links to them."""

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from quiz_server.app_db import get_db
from quiz_server.core import attempts, housekeeping, throttle
from quiz_server.core.attempts import QuizError, utcnow
from quiz_server.web.i18n import handbook_url
from quiz_server.web.public import bp
from quiz_server.web.quizzes import ANON_KEY, bank, refuse, rng


@bp.route("/practice/<chapter>")
def practice(chapter):
    if chapter not in bank().chapters:
        abort(404)
    locale = str(get_locale())
    return render_template("quiz/practice.html", chapter=chapter,
                           title=bank().titles[chapter][locale],
                           handbook_back=handbook_url(current_app.config, locale, chapter),
                           size=attempts.practice_size(bank(), chapter))


# Anonymous starts per address: a room of a hundred behind one router trying each chapter
# stays under it; a script writing attempts in a loop does not (security review F19).
ANONYMOUS_STARTS = throttle.Limit("practice-anonymous", 300, 600)


@bp.route("/practice/<chapter>/start", methods=["POST"])
def start_practice(chapter):
    user_id = current_user.id if current_user.is_authenticated else None
    if user_id is None:
        db = get_db()
        wait, _ticket = throttle.take(db, [(ANONYMOUS_STARTS, request.remote_addr or "")])
        if wait:
            return render_template("error.html", code=429, message=_l(
                "Too many practice quizzes were started from this network. Wait %(minutes)s "
                "minute(s), or log in to practise without this limit.",
                minutes=-(-wait // 60))), 429, {"Retry-After": str(wait)}
        housekeeping.prune_anonymous_practice(db)
    try:
        attempt_id, token = attempts.start_practice(get_db(), bank(), chapter, rng, utcnow(),
                                                    user_id=user_id)
    except QuizError as error:
        return refuse(error)
    if token:
        # Only the last few anonymous attempts are kept: the cookie stays small.
        session[ANON_KEY] = (session.get(ANON_KEY, []) + [token])[-10:]
    return redirect(url_for("public.attempt", attempt_id=attempt_id))
