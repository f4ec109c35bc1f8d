"""tel: links dial the number people wrote, however they wrote it."""

import pytest

from core.formatting import tel_uri
from tests.directory.test_directory import add_entry


@pytest.mark.parametrize(
    ("written", "uri"),
    [
        ("+49 (0)3921 / 123-4", "tel:+4939211234"),
        ("+49 (0) 3921 123456", "tel:+493921123456"),
        ("+49 03921 123456", "tel:+493921123456"),
        ("0049 (0)3921 12 34 56", "tel:+493921123456"),
        ("03921 921-0", "tel:039219210"),
        ("(03921) 92 10", "tel:039219210"),
        ("039 21/123 45", "tel:0392112345"),
        ("116 117", "tel:116117"),
        (" +43 (0)1 234 56 ", "tel:+43123456"),
    ],
)
def test_a_written_number_becomes_the_uri_that_dials_it(written, uri):
    assert tel_uri(written) == uri


def test_the_directory_links_the_written_number_to_the_dialled_one(client, database):
    entry = add_entry(database, "Heimatstube", category="kultur", phone="+49 (0)3921 / 123-4")
    page = client.get(f"/verzeichnis/{entry.id}").get_data(as_text=True)
    assert '<a href="tel:+4939211234">+49 (0)3921 / 123-4</a>' in page
