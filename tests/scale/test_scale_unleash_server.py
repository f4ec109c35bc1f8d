"""The Unleash server from deploy/unleash/ stays up when one of its background listeners fails.

Unleash 7.5.1 records lifecycle rows for each flag in listeners; for a flag deleted right after
it was created or archived, such an insert fails its foreign key and the promise rejects. Unleash logs
that; the migration tool it uses had also installed a handler that exits the process on any
such rejection, which start.mjs removes again."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.scale

LIFECYCLE_FAILURE = 'violates foreign key constraint "feature_lifecycles_feature_fkey"'


def test_a_failed_background_listener_does_not_take_the_flag_server_down(empty_unleash):
    server = empty_unleash
    log_before = server.log_path.read_text()

    def failure_logged() -> bool:
        return LIFECYCLE_FAILURE in server.log_path.read_text()[len(log_before) :]

    def short_lived(name: str) -> None:
        body = {"name": name, "type": "release"}
        server.admin("POST", "/admin/projects/default/features", json=body).raise_for_status()
        server.admin("DELETE", f"/admin/projects/default/features/{name}").raise_for_status()
        server.admin("DELETE", f"/admin/archive/{name}").raise_for_status()

    # Many flags at once, so that the listeners' inserts fall behind the deletes.
    with ThreadPoolExecutor(max_workers=10) as pool:
        for round_ in range(300):
            list(pool.map(short_lived, [f"short-lived-{round_}-{n}" for n in range(10)]))
            if failure_logged():
                break
    assert failure_logged(), "the listener's failure never happened: nothing was tested"

    # The rejection is handled a moment after it is logged: give an exit the time to happen.
    time.sleep(1)
    assert server.process.poll() is None
    assert server.healthy()
    assert server.admin("GET", "/admin/projects/default/features").status_code == 200
