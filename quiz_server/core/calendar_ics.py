"""The course calendar: upcoming courses for the public page and as an iCalendar file.

Written by hand (RFC 5545): one VEVENT per course, all-day DATE values (DTEND is the day after
the last day, as the RFC counts it), a stable UID, DTSTAMP in UTC, text escaped, lines folded at
75 octets and ended with CRLF. No library is needed for so little, and none is pinned.
"""

from datetime import date, timedelta

from quiz_server.core.courses import get_course_by_id


def upcoming(db, today):
    """Courses not archived or purged whose last day is today or later, soonest first."""
    return [get_course_by_id(db, row[0]) for row in db.execute(
        "SELECT id FROM courses WHERE archived = 0 AND purged_at IS NULL AND ends_on >= ? "
        "ORDER BY starts_on, code", [today.isoformat()]).fetchall()]


def escape(text):
    """TEXT value escaping: backslash, semicolon, comma and newlines (RFC 5545, 3.3.11)."""
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line):
    """Lines longer than 75 octets continue on the next line after a space (3.1)."""
    data = line.encode("utf-8")
    parts, start = [], 0
    limit = 75
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:  # never split a UTF-8 letter
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines begin with the space
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)


def _day(value):
    return date.fromisoformat(value).strftime("%Y%m%d")


def event(course, stamp, host, url, mode_names):
    description = [course.title_en] if course.title_en else []
    description += [mode_names[course.mode]]
    if course.audience:
        description.append(course.audience)
    if course.enrol_info:
        description.append(course.enrol_info)
    lines = [
        "BEGIN:VEVENT",
        f"UID:course-{course.id}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(course.starts_on)}",
        "DTEND;VALUE=DATE:"
        + (date.fromisoformat(course.ends_on) + timedelta(days=1)).strftime("%Y%m%d"),
        f"SUMMARY:{escape(course.title_vi)}",
        f"DESCRIPTION:{escape(chr(10).join(description))}",
        f"URL:{url}",
    ]
    if course.place:
        lines.append(f"LOCATION:{escape(course.place)}")
    return [*lines, "END:VEVENT"]


def to_ics(courses, now, host, url, mode_names):
    """The calendar as bytes; ``now`` (aware) dates every event's DTSTAMP."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{host}//quiz_server calendar//VI",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for course in courses:
        lines += event(course, stamp, host, url, mode_names)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
