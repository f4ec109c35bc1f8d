"""The Unleash evaluation agrees with the plain-Python rule over roles × stages × live stage ×
enabled × rollout × person."""

from hypothesis import given, settings
from hypothesis import strategies as st

from flags.access import LOCKED, context_for, viewer_state
from flags.payload import build_payload
from flags.source import bootstrapped_client
from stages.ladder import at_level
from stages.state import ServiceStatus, Snapshot
from tests.fake_services import ALPHA
from tests.flag_reference import AUDIENCES, reference_visible, rollout_bucket


def unleash_visible(*, viewer, level, live_level, enabled, rollout, identifier) -> bool:
    status = ServiceStatus(key="alpha", stage=at_level(level).key, enabled=enabled, rollout=rollout)
    snapshot = Snapshot(version=1, live_stage=at_level(live_level).key, services={"alpha": status})
    client = bootstrapped_client(build_payload(snapshot, [ALPHA]))
    context = context_for(viewer=viewer, identifier=identifier, live_level=live_level)
    unleash_on = client.is_enabled("alpha", context)
    return (
        viewer_state(unleash_on=unleash_on, viewer=viewer, level=level, live_level=live_level)
        != LOCKED
    )


@settings(max_examples=400, deadline=None)
@given(
    viewer=st.sampled_from(AUDIENCES),
    level=st.integers(1, 3),
    live_level=st.integers(1, 3),
    enabled=st.booleans(),
    rollout=st.integers(0, 100),
    identifier=st.one_of(
        st.integers(1, 10**6).map(str), st.text("0123456789abcdef", min_size=16, max_size=16)
    ),
)
def test_unleash_evaluation_agrees_with_the_reference_rule(
    viewer, level, live_level, enabled, rollout, identifier
):
    expected = reference_visible(
        audience=viewer,
        level=level,
        live_level=live_level,
        enabled=enabled,
        rollout=rollout,
        key="alpha",
        identifier=identifier,
    )
    assert (
        unleash_visible(
            viewer=viewer,
            level=level,
            live_level=live_level,
            enabled=enabled,
            rollout=rollout,
            identifier=identifier,
        )
        == expected
    )


def test_rollout_splits_residents_stably_and_roughly_by_the_percentage():
    inside = [str(n) for n in range(1, 1001) if rollout_bucket("alpha", str(n)) <= 30]
    assert 250 < len(inside) < 350
    for identifier in inside[:20]:
        assert unleash_visible(
            viewer="resident",
            level=1,
            live_level=1,
            enabled=True,
            rollout=30,
            identifier=identifier,
        )


def test_unknown_flag_is_off():
    snapshot = Snapshot(version=1, live_stage="truck", services={})
    client = bootstrapped_client(build_payload(snapshot, []))
    assert (
        client.is_enabled(
            "gibt_es_nicht", context_for(viewer="tester", identifier="1", live_level=3)
        )
        is False
    )
