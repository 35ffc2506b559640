"""Organizer pages for a course's evaluation surveys: create with the default form, adjust the
questions before it opens, read the anonymous results, download them as XLSX."""

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from quiz_server.app_db import get_db
from quiz_server.core import audit, survey_export, surveys
from quiz_server.core.attempts import utcnow
from quiz_server.core.surveys import SurveyError
from quiz_server.web.forms import Form, at_most, required
from quiz_server.web.localtime import to_local
from quiz_server.web.organizer import bp
from quiz_server.web.organizer.courses import course_or_404
from quiz_server.web.security import organizer_required

KIND_CHOICES = [SelectChoice("end", _l("End of the course")),
                SelectChoice("follow_up", _l("Follow-up (3–6 months after)"))]
SECTION_NAMES = {"programme": _l("Programme"), "lecturer": _l("Lecturers"),
                 "facilities": _l("Facilities and organisation"),
                 "course": _l("The course as a whole"), "effect": _l("Effect after the course")}
SURVEY_ERRORS = {
    "exists": _l("This course already has a survey of this kind."),
    "opened": _l("The survey has opened: its questions and dates can no longer change."),
    "date": _l("Enter a date as YYYY-MM-DD."),
    "before_open": _l("The survey must close on or after the day it opens."),
    "choice": _l("Choose one of the options."),
    "text": _l("Write the question in Vietnamese."),
}


class NewSurveyForm(Form):
    kind = SelectField(_l("Survey"), choices=KIND_CHOICES)
    lecturers = TextAreaField(_l("Lecturers (one name a line)"),
                              validators=[Optional(), at_most(1000)])


class QuestionForm(Form):
    section = SelectField(_l("Part"), choices=[SelectChoice(k, v)
                                               for k, v in SECTION_NAMES.items()])
    kind = SelectField(_l("Answer"), choices=[SelectChoice("scale", _l("Scale 1–5")),
                                              SelectChoice("text", _l("Comment"))])
    text_vi = StringField(_l("Question in Vietnamese"), validators=[required(), at_most(300)])
    text_en = StringField(_l("Question in English"), validators=[Optional(), at_most(300)])


class DatesForm(Form):
    opens_on = DateField(_l("Opens on"), validators=[required()])
    closes_on = DateField(_l("Closes on"), validators=[required()])


def today():
    """Today's date in the local zone: surveys open and close on local days."""
    return to_local(utcnow()).date()


def summaries(course):
    """(survey, respondents, overall mean or None while open) for the course page."""
    db = get_db()
    return [(s, surveys.respondents(db, s.id),
             surveys.overall_mean(surveys.results(db, s.id)) if s.has_closed(today()) else None)
            for s in surveys.of_course(db, course.id)]


def survey_or_404(course, survey_id):
    found = surveys.get(get_db(), course.id, survey_id)
    if found is None:
        abort(404)
    return found


@bp.route("/courses/<code>/surveys", methods=["GET", "POST"])
@organizer_required
def surveys_page(code):
    course = course_or_404(code)
    form = NewSurveyForm()
    if form.validate_on_submit():
        try:
            survey_id = surveys.create(get_db(), course, form.kind.data,
                                       (form.lecturers.data or "").splitlines())
        except SurveyError as error:
            flash(SURVEY_ERRORS[error.code], "error")
        else:
            audit.record(get_db(), current_user.id, "survey.create", course=course.code,
                         kind=form.kind.data)
            return redirect(url_for("organizer.survey", code=course.code, survey_id=survey_id),
                            303)
    db = get_db()
    listed = [(s, surveys.respondents(db, s.id)) for s in surveys.of_course(db, course.id)]
    return render_template("organizer/after/surveys.html", course=course, form=form,
                           listed=listed)


@bp.route("/courses/<code>/surveys/<int:survey_id>")
@organizer_required
def survey(code, survey_id):
    course = course_or_404(code)
    found = survey_or_404(course, survey_id)
    dates = DatesForm(data={"opens_on": date.fromisoformat(found.opens_on),
                            "closes_on": date.fromisoformat(found.closes_on)})
    return render_template(
        "organizer/after/survey.html", course=course, survey=found,
        editable=not found.has_opened(today()), closed=found.has_closed(today()),
        results=surveys.results(get_db(), found.id),
        respondents=surveys.respondents(get_db(), found.id), question_form=QuestionForm(),
        dates_form=dates, sections=SECTION_NAMES)


def _change(course, found, action):
    """Run an edit of the survey's form; its refusal is shown, nothing is saved."""
    try:
        action()
    except SurveyError as error:
        flash(SURVEY_ERRORS[error.code], "error")
    else:
        audit.record(get_db(), current_user.id, "survey.edit", course=course.code,
                     kind=found.kind)
    return redirect(url_for("organizer.survey", code=course.code, survey_id=found.id), 303)


@bp.route("/courses/<code>/surveys/<int:survey_id>/questions", methods=["POST"])
@organizer_required
def add_survey_question(code, survey_id):
    course = course_or_404(code)
    found = survey_or_404(course, survey_id)
    form = QuestionForm()
    if not form.validate_on_submit():
        flash(SURVEY_ERRORS["text"], "error")
        return redirect(url_for("organizer.survey", code=course.code, survey_id=found.id), 303)
    return _change(course, found, lambda: surveys.add_question(
        get_db(), found, form.section.data, form.kind.data, form.text_vi.data,
        form.text_en.data, today()))


@bp.route("/courses/<code>/surveys/<int:survey_id>/questions/<int:question_id>",
          methods=["POST"])
@organizer_required
def change_survey_question(code, survey_id, question_id):
    """Remove a question, or move it up or down (the button pressed says which)."""
    course = course_or_404(code)
    found = survey_or_404(course, survey_id)
    action = request.form.get("action")
    if not Form().validate_on_submit() or action not in ("remove", "up", "down"):
        abort(400)
    if action == "remove":
        return _change(course, found, lambda: surveys.remove_question(
            get_db(), found, question_id, today()))
    return _change(course, found, lambda: surveys.move_question(
        get_db(), found, question_id, -1 if action == "up" else 1, today()))


@bp.route("/courses/<code>/surveys/<int:survey_id>/dates", methods=["POST"])
@organizer_required
def survey_dates(code, survey_id):
    course = course_or_404(code)
    found = survey_or_404(course, survey_id)
    form = DatesForm()
    if not form.validate_on_submit():
        flash(SURVEY_ERRORS["date"], "error")
        return redirect(url_for("organizer.survey", code=course.code, survey_id=found.id), 303)
    return _change(course, found, lambda: surveys.set_dates(
        get_db(), found, form.opens_on.data, form.closes_on.data, today()))


@bp.route("/courses/<code>/surveys/<int:survey_id>/close", methods=["POST"])
@organizer_required
def close_survey(code, survey_id):
    course = course_or_404(code)
    found = survey_or_404(course, survey_id)
    if not Form().validate_on_submit():
        abort(400)
    surveys.close(get_db(), found)
    audit.record(get_db(), current_user.id, "survey.close", course=course.code, kind=found.kind)
    flash(_l("The survey is closed; its results are below."), "info")
    return redirect(url_for("organizer.survey", code=course.code, survey_id=found.id), 303)


@bp.route("/courses/<code>/surveys/<int:survey_id>/results.xlsx")
@organizer_required
def survey_xlsx(code, survey_id):
    course = course_or_404(code)
    found = survey_or_404(course, survey_id)
    if not found.has_closed(today()):
        flash(_l("The results are shown once the survey has closed."), "error")
        return redirect(url_for("organizer.survey", code=course.code, survey_id=found.id), 303)
    locale = str(get_locale())
    body = survey_export.to_xlsx(surveys.results(get_db(), found.id), locale,
                                 surveys.respondents(get_db(), found.id))
    audit.record(get_db(), current_user.id, "export.survey", course=course.code, kind=found.kind)
    return Response(body, mimetype=survey_export.XLSX_MIMETYPE, headers={
        "Content-Disposition":
            f'attachment; filename="{course.code}-survey-{found.kind}.xlsx"'})
