"""The platform's shared text rules under arbitrary input (Hypothesis): any text – control
characters, NUL, lone surrogates, bidirectional controls, very long – fed to the cleaning
(`clean_text`), the check (`has_control_characters`) and every form's validator
(`no_control_characters` on each text field of a `PlatformForm`) raises nothing but a validation
error, and what a form accepts carries no NUL and no control character."""

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from core.forms import PlatformForm
from core.numbers import MAX_ID, parse_id
from core.text import CONTROL_CHARACTERS_MESSAGE, clean_text, has_control_characters

# Every code point, lone surrogates and unassigned ones included; and the ones that matter most
# often enough: NUL, other C0/C1 controls, CR, bidirectional controls, the XML non-characters.
NASTY = st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\x85", "\r", "\u202e", "\u2066",
                         "\ud800", "\udfff", "\ufffe", "\uffff", "\n", "\t"])  # fmt: skip
ANY_CHARACTER = st.one_of(st.characters(exclude_categories=()), NASTY)
# Joined from a list: st.text() of such an alphabet hardly ever draws a lone surrogate.
ANY_TEXT = st.lists(ANY_CHARACTER, max_size=300).map("".join)
VERY_LONG = "Ä" * 100_000 + "\x00"
# The very long examples take their time on a busy machine: no deadline.
NO_DEADLINE = settings(deadline=None)


def _forbidden(char: str, *, multiline: bool) -> bool:
    """A character no accepted field may hold: a control character or a lone surrogate (line
    break and tab only in a textarea), or an XML non-character."""
    if multiline and char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"


class NoteForm(PlatformForm):
    title = StringField("Titel", validators=[DataRequired(), Length(max=120)])
    text = TextAreaField("Text", validators=[Length(max=4000)])


@pytest.fixture(scope="module")
def form_context(tmp_path_factory):
    """A request context of the app, for the forms (their messages are translated)."""
    from webapp import create_app

    database = tmp_path_factory.mktemp("forms") / "forms.db"
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{database}",
                      "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test"})  # fmt: skip
    with app.test_request_context(method="POST"):
        yield
    app.extensions["db_engine"].dispose()


@NO_DEADLINE
@given(ANY_TEXT)
@example(VERY_LONG)
@example("\r\n\x00\u202e")
def test_clean_text_never_raises_and_leaves_no_nul_cr_or_bidi_control(text):
    cleaned = clean_text(text)
    assert isinstance(cleaned, str) and len(cleaned) <= len(text)
    assert not set(cleaned) & {"\x00", "\r", "\u202e", "\u2066", "\u200f"}
    assert clean_text(cleaned) == cleaned


@NO_DEADLINE
@given(ANY_TEXT, st.booleans())
@example(VERY_LONG, True)
def test_the_check_finds_every_control_character(text, multiline):
    found = has_control_characters(text, multiline=multiline)
    assert found == any(_forbidden(char, multiline=multiline) for char in text)
    assert has_control_characters(text + "\x00", multiline=multiline)


@NO_DEADLINE
@given(title=ANY_TEXT, text=ANY_TEXT)
@example(title=VERY_LONG, text=VERY_LONG)
@example(title="Hofladen\x00", text="Zeile eins\r\nZeile zwei\tmit Tab")
@example(title="Sauber", text="\ud83d kaputtes Emoji")
def test_a_form_refuses_control_characters_and_never_raises(form_context, title, text):
    form = NoteForm(formdata=MultiDict({"title": title, "text": text}))
    accepted = form.validate()  # nothing but validation errors: no exception gets out
    for field, multiline in ((form.title, False), (form.text, True)):
        holds_forbidden = any(_forbidden(char, multiline=multiline) for char in field.data)
        assert "\x00" not in field.data and "\r" not in field.data  # cleaned before the check
        if holds_forbidden:
            assert str(CONTROL_CHARACTERS_MESSAGE) in field.errors
    if accepted:
        assert not any(_forbidden(char, multiline=False) for char in form.title.data)
        assert not any(_forbidden(char, multiline=True) for char in form.text.data)
        assert 0 < len(form.title.data) <= 120 and len(form.text.data) <= 4000


@NO_DEADLINE
@given(st.one_of(ANY_TEXT, st.integers(), st.none(), st.booleans(), st.floats()))
@example(VERY_LONG)
@example("9" * 100_000)
def test_an_id_from_any_input_is_in_bounds_or_none(value):
    number = parse_id(value)
    assert number is None or (type(number) is int and 1 <= number <= MAX_ID)
