"""Organizer downloads of certificates: one trainee's PDF, or the whole course as a ZIP."""

from flask import Response, abort, current_app
from flask_login import current_user

from quiz_server.app_db import get_db
from quiz_server.core import audit, certificate_pdf, certificates
from quiz_server.web.organizer import bp
from quiz_server.web.organizer.courses import course_or_404
from quiz_server.web.quizzes import close_expired
from quiz_server.web.security import organizer_required


def pdf_response(body, name, mimetype="application/pdf"):
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/courses/<code>/trainees/<int:user_id>/certificate.pdf")
@organizer_required
def certificate(code, user_id):
    found = course_or_404(code)
    close_expired(course_id=found.id)
    db = get_db()
    cert = next((c for c in certificates.of_course(db, found.id) if c["user_id"] == user_id),
                None)
    if cert is None:
        abort(404)
    audit.record(db, current_user.id, "certificate.download", course=found.code,
                 user_id=user_id)
    head = certificate_pdf.letterhead(current_app.config)
    return pdf_response(certificate_pdf.to_pdf(cert, head), certificates.filename(cert))


@bp.route("/courses/<code>/certificates.zip")
@organizer_required
def certificates_zip(code):
    found = course_or_404(code)
    close_expired(course_id=found.id)
    db = get_db()
    certs = certificates.of_course(db, found.id)
    audit.record(db, current_user.id, "certificate.zip", course=found.code, count=len(certs))
    body = certificate_pdf.course_zip(certs, certificate_pdf.letterhead(current_app.config))
    return pdf_response(body, f"{found.code}-certificates.zip", "application/zip")
