"""The Unleash client-features payload, built from the platform's state.

One toggle per service. It is on when either strategy matches:
  1. live wave:  liveStage ≥ the service's stage level, for `rollout` % of people
                 (flexibleRollout, default stickiness: userId, else sessionId);
  2. preview:    audience IN [tester] and liveStage ≥ level − 1 (testers see the next wave,
                 and everything live regardless of the rollout).
`enabled: false` is the kill switch. This is the payload a real Unleash server would serve.
"""

from stages.manifest import ServiceManifest, in_german
from stages.state import ServiceStatus, Snapshot

TESTER_AUDIENCE = "tester"


def _constraint(context_name: str, operator: str, **value) -> dict:
    return {
        "contextName": context_name,
        "operator": operator,
        "inverted": False,
        "caseInsensitive": False,
        **value,
    }


def strategies_for(status: ServiceStatus) -> list[dict]:
    return [
        {
            "name": "flexibleRollout",
            "parameters": {
                "rollout": str(status.rollout),
                "stickiness": "default",
                "groupId": status.key,
            },
            "constraints": [_constraint("liveStage", "NUM_GTE", value=str(status.level))],
            "segments": [],
        },
        {
            "name": "flexibleRollout",
            "parameters": {"rollout": "100", "stickiness": "default", "groupId": status.key},
            "constraints": [
                _constraint("audience", "IN", values=[TESTER_AUDIENCE]),
                _constraint("liveStage", "NUM_GTE", value=str(status.level - 1)),
            ],
            "segments": [],
        },
    ]


def toggle_for(status: ServiceStatus, service: ServiceManifest) -> dict:
    return {
        "name": status.key,
        "description": in_german(service.title),
        "type": "release",
        "project": "default",
        "enabled": status.enabled,
        "stale": False,
        "impressionData": False,
        "strategies": strategies_for(status),
        "variants": [],
    }


def build_payload(snapshot: Snapshot, services: list[ServiceManifest]) -> dict:
    return {
        "version": 2,
        "features": [toggle_for(snapshot.services[service.key], service) for service in services],
        "segments": [],
    }
