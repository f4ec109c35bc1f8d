"""Ideas: residents propose new services; product owners plan, decline or merge them.

`search` finds similar ideas, `service` holds the status changes and the votes that follow them,
`forms` and `routes` the pages. See the module docstrings for the details."""
