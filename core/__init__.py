"""The ground every layer stands on: database, accounts and organisations, sign-in, security,
rendering, errors, audit, text, pagination and formatting. It imports no other layer."""
