"""Services planned for the 🚲 bicycle, the slim first version. Listed explicitly, in nav order."""

from stages.bicycle import directory, events, news

SERVICES = [news.manifest, events.manifest, directory.manifest]
