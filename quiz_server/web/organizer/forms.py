"""Organizer forms (Flask-WTF: CSRF and server-side validation)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from quiz_server.core.courses import CODE, DEFAULT_REVIEW_RULE
from quiz_server.web.course_text import COURSE_ERRORS
from quiz_server.web.forms import Form, at_most, between, given, required

MODE_CHOICES = [SelectChoice("in_person", _l("In person")), SelectChoice("online", _l("Online")),
                SelectChoice("blended", _l("Blended"))]
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
REVIEW_CHOICES = [SelectChoice("after_submit", _l("Right after submitting")),
                  SelectChoice("after_close", _l("After the test closes")),
                  SelectChoice("never", _l("Never"))]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CourseForm(Form):
    # The domain's rule and message (courses.CODE), so form and CLI refuse the same codes.
    code = StringField(_l("Course code"),
                       validators=[required(), Regexp(CODE, message=COURSE_ERRORS["invalid"])],
                       description=_l("For example TTCS-2026-01"))
    title_vi = StringField(_l("Title in Vietnamese"), validators=[required(), at_most(200)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), at_most(200)])
    starts_on = DateField(_l("First day"), validators=[required()])
    ends_on = DateField(_l("Last day"), validators=[required()])
    place = StringField(_l("Place"), validators=[Optional(), at_most(200)])
    mode = SelectField(_l("Mode"), choices=MODE_CHOICES)
    audience = TextAreaField(_l("Audience"), validators=[Optional(), at_most(500)])
    chapters = MultiCheckboxField(_l("Chapters included"), validators=[required()])
    questions_per_chapter = IntegerField(_l("Questions per chapter in the final test"),
                                         validators=[given(), between(1, 50)])
    time_limit_minutes = IntegerField(_l("Time limit (minutes)"),
                                      validators=[given(), between(1, 600)])
    # The browser's datetime-local value first (what it shows back), then what people paste.
    opens_at = DateTimeLocalField(_l("The final test opens"), validators=[Optional()],
                                  format=LOCAL_FORMATS)
    closes_at = DateTimeLocalField(_l("The final test closes"), validators=[Optional()],
                                   format=LOCAL_FORMATS)
    max_attempts = IntegerField(_l("Attempts allowed"),
                                validators=[given(), between(1, 20)])
    pass_mark = IntegerField(_l("Pass mark (%)"), validators=[given(), between(1, 100)])
    review_rule = SelectField(_l("Trainees see the answers"), choices=REVIEW_CHOICES,
                              default=DEFAULT_REVIEW_RULE)
    retention_years = IntegerField(
        _l("Keep personal data for (years after the last day)"),
        validators=[given(), between(1, 50)], default=5,
        description=_l("Then `flask purge-expired` erases the trainees' personal data and keeps "
                       "anonymous statistics."))
    attendance_min_percent = IntegerField(
        _l("Sessions to attend for completion (%)"), validators=[between(0, 100)], default=0,
        description=_l("0: attendance does not count. For example 80."))
    survey_required = BooleanField(_l("Completion requires the end-of-course survey"))
    enrol_info = TextAreaField(_l("How to enrol (shown on the public calendar)"),
                               validators=[Optional(), at_most(500)])
    enrol_key = StringField(_l("Enrolment key (optional)"),
                              validators=[Optional(), Length(
                                  min=6, max=64, message=_l("6 to 64 characters."))],
                              description=_l("A class code, not a password: trainees who "
                                             "have it can enrol themselves, and organizers "
                                             "can read it here. Leave empty to keep the "
                                             "current key."))


class RosterForm(Form):
    roster = FileField(_l("Roster file (CSV or XLSX)"), validators=[FileRequired()])


class RosterConfirmForm(Form):
    """The preview's confirmation: the file travels back in the page, so nothing is stored
    before the organizer confirms."""

    data = HiddenField(validators=[required()])
    filename = HiddenField()
    digest = HiddenField(validators=[required()])


class OverrideForm(Form):
    extra_attempts = IntegerField(_l("Extra attempts"), validators=[between(0, 10)],
                                  default=0)
    extra_minutes = IntegerField(_l("Extra minutes"), validators=[between(0, 600)], default=0)
