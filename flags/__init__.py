"""Feature flags: every service is one Unleash toggle, evaluated by the Unleash client."""
