"""Services planned for the 🚲 bicycle, the slim first version. Listed explicitly, in nav order."""

SERVICES: list = []
