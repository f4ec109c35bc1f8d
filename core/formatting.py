"""Dates, times and links for pages that show many of them, each distinct one worked out once.

A Babel date or time costs tens of µs; the month view of events shows hundreds, and the same
ones on every visit (an event's start, the names of the weekdays). What Flask-Babel makes of a
value depends only on the value, the pattern, the locale and the timezone, so the text is kept
under those four. The templates' `dateformat` and `timeformat` filters are these functions."""

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import flask_babel
from flask import Flask, has_app_context, url_for

# Enough for every event start and day of a year in both languages and a few patterns.
CACHED_TEXTS = 16384


def format_date(value: date | datetime | None = None, format: str | None = None, rebase=True):
    """`flask_babel.format_date`, the same text."""
    if value is None or not rebase:
        return flask_babel.format_date(value, format, rebase)
    return _formatted(flask_babel.format_date, value, format, *_locale_and_timezone())


def format_time(value: datetime | None = None, format: str | None = None, rebase=True):
    """`flask_babel.format_time`, the same text."""
    if value is None or not rebase:
        return flask_babel.format_time(value, format, rebase)
    return _formatted(flask_babel.format_time, value, format, *_locale_and_timezone())


def time_formatter(format: str | None = None) -> Callable[[datetime], str]:
    """`format_time` for the many times of one page: the locale and timezone looked up once
    (that lookup is most of what a kept time costs)."""
    locale, timezone = _locale_and_timezone()
    return lambda value: _formatted(flask_babel.format_time, value, format, locale, timezone)


def _locale_and_timezone() -> tuple[str, str]:
    return str(flask_babel.get_locale()), str(flask_babel.get_timezone())


@lru_cache(maxsize=CACHED_TEXTS)
def _formatted(formatter: Callable, value, format: str | None, locale: str, timezone: str) -> str:
    # The locale and timezone are the request's own (the formatter reads them again): they are
    # arguments so that the text is kept apart per language and zone. Aware datetimes are equal
    # when they are the same instant, which is all the formatter looks at after rebasing.
    return formatter(value, format)


# The district's zone for code that runs without the app (and so without Flask-Babel to ask):
# the same as the app's BABEL_DEFAULT_TIMEZONE.
DISTRICT_TIMEZONE = "Europe/Berlin"


def local_timezone() -> ZoneInfo:
    """The zone people here read and enter times in: Flask-Babel's (BABEL_DEFAULT_TIMEZONE).
    As a zoneinfo zone: Flask-Babel's pytz zones give wrong offsets to
    `datetime(..., tzinfo=zone)`, which wall-clock arithmetic needs."""
    name = str(flask_babel.get_timezone()) if has_app_context() else DISTRICT_TIMEZONE
    return _zone(name)


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def link_with_id(endpoint: str, key: str, **values) -> Callable[[int], str]:
    """`url_for(endpoint, key=id, **values)` for many ids: the URL is built once and the id put
    in its place, for lists that link every row (url_for takes some 20 µs each)."""
    placeholder = 987654321
    head, found, tail = url_for(endpoint, **{key: placeholder}, **values).partition(
        str(placeholder)
    )
    if not found:
        raise ValueError(f"{endpoint} does not show {key} as it is")
    return lambda id_: f"{head}{int(id_)}{tail}"


def tel_uri(written: str) -> str:
    """A phone number as people here write it, as a tel: URI (RFC 3966) that dials it:
    "+49 (0)3921 / 123-4" → "tel:+4939211234". After a country code the trunk 0 (written
    "(0)") is not dialled; "0049" is "+49"; everything but digits and a leading + goes."""
    international = re.sub(r"\(\s*0\s*\)", "", written) if "+" in written else written
    digits = re.sub(r"\D", "", international)
    if international.lstrip().startswith("+"):
        digits = "+" + digits
    elif digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+490"):  # "+49 03921 …": German numbers have no 0 after +49
        digits = "+49" + digits[4:]
    return "tel:" + digits


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(dateformat=format_date, timeformat=format_time)
