"""Accounts: registration, sign-in, profile, roles and organisations."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from webapp.accounts import routes  # noqa: E402,F401  (attaches the views to bp)
