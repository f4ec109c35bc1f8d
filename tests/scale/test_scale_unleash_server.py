"""The Unleash server from deploy/unleash/ stays up when one of its background listeners fails.

Unleash 7.5.1 records lifecycle rows for each flag in listeners; for a flag deleted right after
it was created or archived, such an insert fails its foreign key and the promise rejects. Unleash logs
that; the migration tool it uses had also installed a handler that exits the process on any
such rejection, which start.mjs removes again."""

import pytest

from tests.scale.conftest import wait_until

pytestmark = pytest.mark.scale

LIFECYCLE_FAILURE = 'violates foreign key constraint "feature_lifecycles_feature_fkey"'


def test_a_failed_background_listener_does_not_take_the_flag_server_down(empty_unleash):
    server = empty_unleash
    log_before = server.log_path.read_text()

    def failure_logged() -> bool:
        return LIFECYCLE_FAILURE in server.log_path.read_text()[len(log_before) :]

    for round_ in range(300):
        names = [f"short-lived-{round_}-{n}" for n in range(5)]
        for name in names:
            created = server.admin(
                "POST", "/admin/projects/default/features", json={"name": name, "type": "release"}
            )
            created.raise_for_status()
        for name in names:
            server.admin("DELETE", f"/admin/projects/default/features/{name}").raise_for_status()
            server.admin("DELETE", f"/admin/archive/{name}").raise_for_status()
        if failure_logged():
            break
    assert failure_logged(), "the listener's failure never happened: nothing was tested"

    # The rejection is handled a moment after it is logged; the server must still be there.
    wait_until(
        lambda: server.process.poll() is None and server.healthy(),
        timeout=5,
        what="the Unleash server answering after the failure",
    )
    assert server.process.poll() is None
    assert server.admin("GET", "/admin/projects/default/features").status_code == 200
