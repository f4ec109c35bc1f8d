"""Accounts: registration, sign-in, profile, roles and organisations."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from webapp.accounts import email_routes, routes  # noqa: E402,F401  (attach the views to bp)
