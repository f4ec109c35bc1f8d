"""The English catalog keeps up with the German strings in the code.

The messages are extracted the way `make translations-update` does it (babel.cfg, keyword `_l`),
so a string added without an English translation fails here with the list of what is missing.
No database and no app needed."""

import re
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ["core", "webapp", "flags", "stages", "feedback"]  # as in the Makefile
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}
ENGLISH_PO = ROOT / "webapp" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
HINT = "Run `make translations-update`, then translate them in " + str(ENGLISH_PO.relative_to(ROOT))

# %(name)s, %(max)d, %s, %d, %.1f … and the escaped percent sign %%.
PLACEHOLDER = re.compile(
    r"%(?:%|(?:\([^)]*\))?[#0+-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa])"
)


def _extract():
    """{(msgid, context): ["file:line", …]} for every translatable string in the source."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, filename="babel.cfg")
    found = defaultdict(list)
    for directory in SOURCE_DIRS:
        if not (ROOT / directory).is_dir():
            continue
        for filename, lineno, message, _comments, context in extract_from_dir(
            ROOT / directory, method_map, options_map, keywords=KEYWORDS
        ):
            msgid = message[0] if isinstance(message, tuple | list) else message
            found[(msgid, context)].append(f"{directory}/{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def extracted():
    messages = _extract()
    assert messages, "no translatable strings found – is babel.cfg still right?"
    return messages


@pytest.fixture(scope="module")
def english():
    assert ENGLISH_PO.is_file(), f"{ENGLISH_PO} is missing. {HINT}"
    with open(ENGLISH_PO, "rb") as po:
        return read_po(po, locale="en")


def _translations(message):
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return list(strings)


def test_every_message_has_an_english_translation(extracted, english):
    missing = []
    for (msgid, context), places in sorted(extracted.items(), key=lambda item: item[1][0]):
        message = english.get(msgid, context)
        if message is None or not all(s and s.strip() for s in _translations(message)):
            missing.append(f"  {msgid!r}  ({', '.join(places)})")
    assert not missing, (
        f"{len(missing)} message(s) without an English translation:\n"
        + "\n".join(missing)
        + f"\n{HINT}"
    )


def test_no_english_translation_is_fuzzy(english):
    fuzzy = [f"  {message.id!r}" for message in english if message.id and message.fuzzy]
    assert not english.fuzzy, f"the header of {ENGLISH_PO} is marked fuzzy"
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy translation(s) – check them and remove the `#, fuzzy` line:\n"
        + "\n".join(fuzzy)
    )


def test_placeholders_are_kept_in_translations(english):
    wrong = []
    for message in english:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        for index, string in enumerate(_translations(message)):
            if not string:
                continue  # reported by the test above
            source = ids[min(index, len(ids) - 1)]
            expected = sorted(PLACEHOLDER.findall(source))
            actual = sorted(PLACEHOLDER.findall(string))
            if expected != actual:
                wrong.append(
                    f"  {source!r}\n    → {string!r}\n    expected {expected}, got {actual}"
                )
    assert not wrong, "placeholders differ between msgid and translation:\n" + "\n".join(wrong)


def test_placeholder_pattern():
    assert PLACEHOLDER.findall("%(name)s hat %(max)d von %d, 100 %% – 50 % mehr") == [
        "%(name)s",
        "%(max)d",
        "%d",
        "%%",
    ]
