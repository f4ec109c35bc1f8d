"""Services planned for the 🛵 moped. Listed explicitly, in nav order."""

SERVICES: list = []
