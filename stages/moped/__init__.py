"""Services planned for the 🛵 moped. Listed explicitly, in nav order."""

from stages.moped import marketplace

SERVICES: list = [marketplace.manifest]
