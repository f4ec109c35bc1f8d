"""Services planned for the 🛵 moped. Listed explicitly, in nav order."""

from stages.moped import landstrom, marketplace, messages

SERVICES = [marketplace.manifest, messages.manifest, landstrom.manifest]
