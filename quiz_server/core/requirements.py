"""What completion needs besides passing the final test: attendance and the survey.

A course may require a share of its sessions (``attendance_min_percent``) and the end-of-course
survey (``survey_required``). The place that decides completion asks ``met``; the dashboard and
the completion list show each part with ``annotate``. Plain queries only, importing no other
core module, so that the module deciding completion can import it.
"""


def met(db, course_id, user_id):
    """Whether a trainee fulfils the course's attendance and survey rules."""
    return attendance_ok(db, course_id, user_id) and survey_done(db, course_id, user_id)


def counts(db, course_id):
    """{user_id: sessions attended} for the course, and the number of sessions."""
    total = db.execute("SELECT count(*) FROM course_sessions WHERE course_id = ?",
                       [course_id]).fetchone()[0]
    attended = dict(db.execute(
        "SELECT a.user_id, count(*) FROM attendance a JOIN course_sessions s "
        "ON s.id = a.session_id WHERE s.course_id = ? GROUP BY a.user_id", [course_id]))
    return attended, total


def share(attended, total):
    """Percent of sessions attended, one decimal; None when the course has no sessions."""
    return round(100 * attended / total, 1) if total else None


def attendance_ok(db, course_id, user_id):
    """Whether a trainee attended the share of sessions the course requires for completion."""
    required = db.execute("SELECT attendance_min_percent FROM courses WHERE id = ?",
                          [course_id]).fetchone()[0] or 0
    attended, total = counts(db, course_id)
    return enough(attended.get(user_id, 0), total, required)


def enough(present, total, required_percent):
    """The attendance rule: no rule, or no session, or at least the required share."""
    return not required_percent or not total or 100 * present >= required_percent * total


def survey_done(db, course_id, user_id):
    """Whether the course needs no survey for completion, or the trainee answered its end one."""
    required = db.execute("SELECT survey_required FROM courses WHERE id = ?",
                          [course_id]).fetchone()[0]
    if not required:
        return True
    return db.execute("SELECT 1 FROM survey_done d JOIN surveys s ON s.id = d.survey_id "
                      "WHERE s.course_id = ? AND s.kind = 'end' AND d.user_id = ?",
                      [course_id, user_id]).fetchone() is not None


def annotate(db, course_id, rows):
    """Add attendance and survey columns to trainee rows (completion itself is decided by
    core/record.py, which asks ``met``).

    The course's counts are read once, not once per trainee (a course can have thousands).
    """
    attended, total = counts(db, course_id)
    required, survey_required = db.execute(
        "SELECT attendance_min_percent, survey_required FROM courses WHERE id = ?",
        [course_id]).fetchone()
    answered = {row[0] for row in db.execute(
        "SELECT d.user_id FROM survey_done d JOIN surveys s ON s.id = d.survey_id "
        "WHERE s.course_id = ? AND s.kind = 'end'", [course_id])}
    out = []
    for row in rows:
        user_id = row["user_id"]
        present = attended.get(user_id, 0)
        ok = enough(present, total, required) and (not survey_required or user_id in answered)
        out.append({**row, "attended": present, "sessions": total,
                    "attendance": share(present, total),
                    "survey_done": user_id in answered if survey_required else None,
                    "requirements_met": ok})
    return out


def move_personal(db, course_id, from_user, to_user):
    """Move a trainee's attendance and survey flags of one course to another account.

    Erasure and retention call this when a course's records go to an anonymous account,
    as they do with enrolments and attempts; the caller holds the transaction.
    """
    db.execute("UPDATE attendance SET user_id = ? WHERE user_id = ? AND session_id IN "
               "(SELECT id FROM course_sessions WHERE course_id = ?)",
               [to_user, from_user, course_id])
    db.execute("UPDATE survey_done SET user_id = ? WHERE user_id = ? AND survey_id IN "
               "(SELECT id FROM surveys WHERE course_id = ?)", [to_user, from_user, course_id])


def of_user(db, user_id):
    """A person's attendance and the surveys they answered, for "My data".

    Their answers are not included: they are stored without the account, so nothing can
    find them again (core/surveys.py).
    """
    return {
        "attendance": list(db.query(
            "SELECT c.code AS course, s.day, s.part, s.starts, s.ends, a.method "
            "FROM attendance a JOIN course_sessions s ON s.id = a.session_id "
            "JOIN courses c ON c.id = s.course_id WHERE a.user_id = ? ORDER BY s.day, s.starts",
            [user_id])),
        "surveys_answered": list(db.query(
            "SELECT c.code AS course, s.kind FROM survey_done d JOIN surveys s "
            "ON s.id = d.survey_id JOIN courses c ON c.id = s.course_id WHERE d.user_id = ? "
            "ORDER BY c.code, s.kind", [user_id])),
    }
