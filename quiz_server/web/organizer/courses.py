"""Organizer pages for courses: list by year, create, edit, archive, trainees and overrides."""

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from quiz_server.app_db import get_db
from quiz_server.core import audit, courses, record
from quiz_server.core.attempts import utcnow
from quiz_server.core.courses import CourseError
from quiz_server.db import transaction
from quiz_server.web import localtime
from quiz_server.web.course_text import course_error_message
from quiz_server.web.organizer import bp, confirm
from quiz_server.web.organizer.forms import CourseForm, OverrideForm
from quiz_server.web.security import organizer_required


def bank():
    return current_app.extensions["question_bank"]


def course_or_404(code):
    found = courses.get_course(get_db(), code)
    if found is None:
        abort(404)
    return found


def course_form(course=None):
    form = CourseForm(obj=course) if course and request.method == "GET" else CourseForm()
    locale = str(get_locale())
    form.chapters.choices = [SelectChoice(slug, bank().titles[slug][locale])
                            for slug in bank().chapters]
    if course and request.method == "GET":
        form.starts_on.data = date.fromisoformat(course.starts_on)
        form.ends_on.data = date.fromisoformat(course.ends_on)
        for name in ("opens_at", "closes_at"):
            local = localtime.to_local(getattr(course, name))
            getattr(form, name).data = local.replace(tzinfo=None) if local else None
        form.chapters.data = list(course.chapters)
        form.retention_years.data = get_db().execute(
            "SELECT retention_years FROM courses WHERE id = ?", [course.id]).fetchone()[0]
        form.attendance_min_percent.data = course.attendance_min_percent
    return form


def settings_from(form):
    data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    for name in ("starts_on", "ends_on"):
        data[name] = data[name].isoformat() if data[name] else ""
    for name in ("opens_at", "closes_at"):  # typed in local time, stored in UTC
        data[name] = localtime.from_local(data[name]) if data[name] else None
    return data


def show_errors(form, error):
    """Each wrong setting beside its field, once; a field the form refused keeps its message."""
    for one in getattr(error, "errors", [error]):
        field = getattr(form, one.field)
        if not field.errors:
            field.errors = [*field.errors, course_error_message(one)]


def check_all(form):
    """The form's checks and the domain's together, so every problem is listed at once."""
    valid = form.validate_on_submit()
    try:
        courses.validate_settings(settings_from(form), bank())
    except CourseError as error:
        show_errors(form, error)
        return False
    return valid


def save_course(form, course=None):
    """Validate in the domain as well; its errors are shown beside the field, nothing saved."""
    db = get_db()
    try:
        if course is None:
            saved = courses.create_course(db, bank(), **settings_from(form))
        else:
            saved = courses.update_course(db, bank(), course.id, **settings_from(form))
            with transaction(db):  # its attendance or survey rule may have changed
                record.settle_course(db, saved.id, utcnow())
    except CourseError as error:
        show_errors(form, error)
        return None
    audit.record(db, current_user.id, "course.create" if course is None else "course.edit",
                 course=saved.code)
    return saved


@bp.route("/")
@organizer_required
def home():
    show_archived = request.args.get("archived") == "1"
    return render_template("organizer/home.html", show_archived=show_archived,
                           by_year=courses.list_courses(get_db(), show_archived))


@bp.route("/courses/new", methods=["GET", "POST"])
@organizer_required
def new_course():
    form = course_form()
    if request.method == "GET":
        form.chapters.data = list(bank().chapters)
        form.questions_per_chapter.data, form.time_limit_minutes.data = 2, 30
        form.max_attempts.data, form.pass_mark.data = 2, 70
    if request.method == "POST" and check_all(form):
        saved = save_course(form)
        if saved:
            flash(_l("The course was created."), "info")
            return redirect(url_for("organizer.course", code=saved.code))
    status = 400 if request.method == "POST" else 200
    return render_template("organizer/course_form.html", form=form, course=None), status


@bp.route("/courses/<code>/edit", methods=["GET", "POST"])
@organizer_required
def edit_course(code):
    found = course_or_404(code)
    form = course_form(found)
    if request.method == "POST" and check_all(form):
        saved = save_course(form, found)
        if saved:
            flash(_l("The course was saved."), "info")
            return redirect(url_for("organizer.course", code=saved.code))
    status = 400 if request.method == "POST" else 200
    return render_template("organizer/course_form.html", form=form, course=found), status


@bp.route("/courses/<code>/archive", methods=["POST"])
@organizer_required
def archive_course(code):
    found = course_or_404(code)
    archived = request.form.get("archived") == "1"
    if archived and not confirm.confirmed():
        return confirm.ask(_l("Archive %(code)s?", code=found.code), _l(
            "The course leaves the course list and its final test closes to new attempts; "
            "results and certificates are kept and it can be restored."),
            _l("Yes, archive"), url_for("organizer.course", code=found.code))
    courses.set_archived(get_db(), found.id, archived)
    audit.record(get_db(), current_user.id, "course.archive" if archived else "course.unarchive",
                 course=found.code)
    return redirect(url_for("organizer.course", code=found.code))


@bp.route("/courses/<code>/trainees/<int:user_id>/override", methods=["POST"])
@organizer_required
def override(code, user_id):
    found = course_or_404(code)
    form = OverrideForm()
    if not (form.validate_on_submit() and record.override(
            get_db(), found.id, user_id, form.extra_attempts.data,
            form.extra_minutes.data, utcnow())):
        flash(_l("Extra attempts are 0 to 10 and extra minutes 0 to 600."), "error")
        return redirect(url_for("organizer.course", code=found.code)), 303
    audit.record(get_db(), current_user.id, "course.override", course=found.code,
                 user_id=user_id, extra_attempts=form.extra_attempts.data,
                 extra_minutes=form.extra_minutes.data)
    flash(_l("The override was saved."), "info")
    return redirect(url_for("organizer.course", code=found.code))
