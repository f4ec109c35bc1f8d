"""Services planned for the 🛵 moped. Listed explicitly, in nav order."""

from stages.moped import marketplace, messages

SERVICES = [marketplace.manifest, messages.manifest]
