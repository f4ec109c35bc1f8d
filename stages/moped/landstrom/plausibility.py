"""Is a meter reading plausible? Compared with the previous reading and with what the household
is expected to use since then, in whole numbers. Each verdict says why, in German.

Expected yearly consumption:
- Strom: the calculator's household figure (`HOUSEHOLD_KWH`, without electric hot water), kWh.
- Gas: 1,500 m³ a year whatever the household size – heating depends on the home, not on the
  people in it; 1,500 m³ (about 15,000 kWh) heat a house of some 120 m² with its hot water.
- Wasser: 45 m³ a person a year – about 123 litres a day, the German average.

"Far above" is more than twice the expected consumption since the previous reading, counting
at least 30 days: two readings a few days apart are not compared with a few days' worth."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from stages.moped.landstrom.calculator import household_kwh
from stages.moped.landstrom.models import MeterKind, ReadingReason

GAS_M3_A_YEAR = 1500
WATER_M3_A_PERSON_A_YEAR = 45
FAR_ABOVE_FACTOR = 2
DAYS_AT_LEAST = 30
UNITS = {MeterKind.POWER: "kWh", MeterKind.GAS: "m³", MeterKind.WATER: "m³"}


def expected_a_year(kind: str, household: int) -> int:
    if kind == MeterKind.POWER:
        return household_kwh(household, hot_water=False)
    if kind == MeterKind.GAS:
        return GAS_M3_A_YEAR
    return WATER_M3_A_PERSON_A_YEAR * household


def expected_for(kind: str, household: int, days: int) -> int:
    """The expected consumption over these days, rounded up to a whole unit."""
    return -(-expected_a_year(kind, household) * days // 365)


@dataclass(frozen=True)
class Previous:
    value: int
    read_on: date


@dataclass(frozen=True)
class Verdict:
    refused: bool
    needs_confirmation: bool
    explanation: str
    far_above: bool = False  # stored as confirmed: the utility sees the resident checked it


def judge(
    *, kind: str, household: int, previous: Previous | None, value: int, read_on: date,
    reason: str, confirmed: bool = False,
) -> Verdict:  # fmt: skip
    unit = UNITS[kind]
    if reason == ReadingReason.METER_CHANGE:
        return Verdict(False, False, str(_l(
            "Zählerwechsel: Der neue Zähler zählt von vorn, darum vergleichen wir diesen Stand "
            "nicht mit dem des alten Zählers."
        )))  # fmt: skip
    if previous is None:
        return Verdict(False, False, str(_l(
            "Der erste Stand dieses Zählers: Es gibt noch keinen früheren Stand zum Vergleich."
        )))  # fmt: skip
    if value < previous.value:
        return Verdict(True, False, str(_l(
            "Der Stand %(value)d liegt unter dem letzten Stand %(previous)d vom %(day)s. Ein "
            "Zähler zählt nur vorwärts. Wurde der Zähler gewechselt, wählen Sie als Grund "
            "„Zählerwechsel“.",
            value=value, previous=previous.value, day=previous.read_on.strftime("%d.%m.%Y"),
        )))  # fmt: skip
    days = (read_on - previous.read_on).days
    used = value - previous.value
    expected = expected_for(kind, household, max(days, 1))
    limit = FAR_ABOVE_FACTOR * expected_for(kind, household, max(days, DAYS_AT_LEAST))
    words = {
        "used": used, "days": days, "expected": expected, "unit": unit,
        "day": previous.read_on.strftime("%d.%m.%Y"),
    }  # fmt: skip
    if used > limit and not confirmed:
        return Verdict(False, True, str(_l(
            "Bitte prüfen Sie den Stand: Seit dem %(day)s wären das %(used)d %(unit)s in "
            "%(days)d Tagen, erwartet sind für Ihren Haushalt etwa %(expected)d %(unit)s. "
            "Stimmt der Stand, bestätigen Sie ihn.",
            **words,
        )))  # fmt: skip
    if used > limit:
        return Verdict(False, False, str(_l(
            "Sie haben bestätigt: %(used)d %(unit)s in %(days)d Tagen, mehr als doppelt so viel "
            "wie die erwarteten etwa %(expected)d %(unit)s. Die Stadtwerke sehen diesen Hinweis.",
            **words,
        )), far_above=True)  # fmt: skip
    return Verdict(False, False, str(_l(
        "Seit dem %(day)s: %(used)d %(unit)s in %(days)d Tagen, erwartet sind etwa "
        "%(expected)d %(unit)s. Das passt.",
        **words,
    )))  # fmt: skip
