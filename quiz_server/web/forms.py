"""The base form: WTForms' own messages go through our catalogue (WTForms has no Vietnamese)."""

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from quiz_server.core import text_rules

# WTForms' messages that our forms can show, listed so that `make messages` extracts them.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid integer value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid choice."),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("Number must be between %(min)s and %(max)s."),
)


class _CatalogueTranslations:
    def gettext(self, string):
        return gettext(string)

    def ngettext(self, singular, plural, n):
        return ngettext(singular, plural, n)


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _CatalogueTranslations()

    def validate(self, extra_validators=None):
        """Every text field is refused with a message when it holds a control character."""
        valid = super().validate(extra_validators)
        for field in self:
            if field.type == "PasswordField" or not isinstance(field.data, str):
                continue
            if text_rules.has_control(field.data, multiline=field.type == "TextAreaField"):
                field.errors = [*field.errors, _l(
                    "Remove the invisible or control characters (often copied from another "
                    "program) and type this again.")]
                valid = False
        return valid


def required():
    from wtforms.validators import DataRequired

    return DataRequired(message=_l("This field is required."))


def given():
    """Required, but 0 counts as given: a number out of range gets its range, not "required"."""
    from wtforms.validators import StopValidation

    def check(form, field):
        if field.data is None:
            field.errors[:] = []  # one message, not "not a valid integer" as well
            raise StopValidation(_l("This field is required."))

    return check


def at_most(length):
    from wtforms.validators import Length

    return Length(max=length, message=_l("At most %(max)s characters.", max=length))


def between(low, high):
    from wtforms.validators import NumberRange

    return NumberRange(low, high, message=_l("Enter a number from %(low)s to %(high)s.",
                                             low=low, high=high))
