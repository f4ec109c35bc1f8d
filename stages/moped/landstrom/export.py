"""The readings as CSV for the utility's billing system: customer number, meter number, date,
value, reason.

Semicolons and UTF-8 with a byte order mark: German Excel splits a double-clicked CSV at the
list separator of its locale (";", since "," is the decimal comma) and reads it as UTF-8 only
with the BOM (else „Zählerwechsel“ turns into mojibake); billing imports take the separator and
encoding as settings, and skip the BOM. Dates are ISO (2026-11-10): one reading, no guessing
between day and month. A cell that begins like a formula (= + - @, tab, carriage return) gets
an apostrophe in front, so a spreadsheet shows it as text and never runs it (CSV injection)."""

import csv
import io

from flask_babel import force_locale

from stages.moped.landstrom.meter_forms import REASON_LABELS
from stages.moped.landstrom.readings import Row

HEADER = ("Kundennummer", "Zählernummer", "Ablesedatum", "Zählerstand", "Grund")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def readings_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    with force_locale("de"):  # the billing system reads German, whoever exports
        for row in rows:
            writer.writerow(
                cell(value)
                for value in (
                    row.meter.customer_number,
                    row.meter.number,
                    row.reading.read_on.isoformat(),
                    row.reading.value,
                    REASON_LABELS[row.reading.reason],
                )
            )
    return BOM + out.getvalue()
