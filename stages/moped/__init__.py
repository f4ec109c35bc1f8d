"""Services planned for the 🛵 moped. Listed explicitly, in nav order."""

from stages.moped import landstrom, marketplace, messages, neighbour_help

SERVICES = [
    marketplace.manifest,
    messages.manifest,
    neighbour_help.manifest,
    landstrom.manifest,
]
