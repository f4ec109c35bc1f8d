"""The base of every form of the platform: each text field is cleaned (`clean_text`) and refuses
control characters (`no_control_characters`), whoever writes the form – so no field can store
what breaks a feed, a calendar file or PostgreSQL. Passwords are left as typed: they are only
compared, never stored or shown."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField

from core.text import clean_text, no_control_characters


class PlatformForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            # StringField: every field typed as text (textarea, e-mail, URL, search, hidden …).
            if isinstance(field, StringField) and not isinstance(field, PasswordField):
                field.filters = (clean_text, *field.filters)
                field.validators = [*field.validators, no_control_characters]
            return field
