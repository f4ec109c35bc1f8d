"""Services planned for the 🚚 truck. Listed explicitly, in nav order."""

SERVICES: list = []
