"""Organizer pages for following a course: dashboard, item analysis and the audit log."""

from flask import Response, abort, current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from quiz_server.app_db import get_db
from quiz_server.core import audit, export, report_view, reports, slips
from quiz_server.web import audit_text
from quiz_server.web.organizer import bp
from quiz_server.web.organizer.courses import course_or_404
from quiz_server.web.organizer.forms import OverrideForm
from quiz_server.web.organizer.surveys import summaries as survey_summaries
from quiz_server.web.quizzes import close_expired
from quiz_server.web.security import organizer_required


@bp.route("/courses/<code>")
@organizer_required
def course(code):
    found = course_or_404(code)
    slips.purge(get_db(), course_id=found.id, organizer_id=current_user.id)  # passwords gone
    close_expired(course_id=found.id)
    rows = reports.trainee_rows(get_db(), found.id)
    return render_template(
        "organizer/course.html", course=found, summary=reports.summary(rows),
        by_unit=report_view.by_unit_and_province(rows), by_province=report_view.by_province(rows),
        override_form=OverrideForm(), surveys=survey_summaries(found), **trainee_list(rows))


def trainee_list(rows):
    """The trainees of the page asked for, in Vietnamese order, with the filters applied."""
    wanted = {name: request.args.get(name, "").strip() for name in ("unit", "province",
                                                                     "status")}
    if wanted["status"] not in report_view.STATUSES:
        wanted["status"] = ""
    shown = report_view.filtered(report_view.in_order(rows), wanted["unit"],
                                 wanted["province"], wanted["status"])
    page_rows, number, count = report_view.page(shown, request.args.get("page", 1, type=int))
    return {"rows": page_rows, "page": number, "pages": count, "matching": len(shown),
            "filters": wanted, "units": report_view.choices(rows, "unit"),
            "provinces": report_view.choices(rows, "province"),
            "statuses": report_view.STATUSES, "status_of": report_view.status}


@bp.route("/courses/<code>/items")
@organizer_required
def items(code):
    found = course_or_404(code)
    bank = current_app.extensions["question_bank"]
    close_expired(course_id=found.id)
    return render_template("organizer/items.html", course=found,
                           items=reports.item_analysis(get_db(), found.id),
                           questions=bank.questions, locale=str(get_locale()),
                           min_responses=reports.MIN_RESPONSES)


@bp.route("/audit")
@organizer_required
def audit_log():
    """The audit log, 50 entries a page, of one kind of action or all."""
    action = request.args.get("action", "")
    if action not in audit_text.ACTIONS:
        action = ""
    number = max(1, request.args.get("page", 1, type=int))
    rows, total = audit.entries(get_db(), action, number, report_view.PAGE_SIZE)
    pages = max(1, -(-total // report_view.PAGE_SIZE))
    return render_template("organizer/audit.html", entries=rows, action=action,
                           actions=audit_text.ACTIONS, page=min(number, pages), pages=pages)


@bp.route("/courses/<code>/completions.<fmt>")
@organizer_required
def completions(code, fmt):
    """The completion list as CSV or XLSX, in the organizer's language."""
    if fmt not in export.EXPORTS:
        abort(404)
    found = course_or_404(code)
    close_expired(course_id=found.id)
    rows = export.completion_rows(reports.trainee_rows(get_db(), found.id))
    write, mimetype = export.EXPORTS[fmt]
    locale = str(get_locale())
    body = write(rows, locale) if fmt == "csv" else write(rows, locale, found.code)
    audit.record(get_db(), current_user.id, "export.completions", course=found.code, format=fmt)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{found.code}-completions.{fmt}"'})
