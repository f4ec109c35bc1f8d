"""Configuration from environment variables (12-factor); see the README for each name."""

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def secret_key_for(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: when several workers start at once, exactly one writes the key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


# Example details for the embedded default: a deployment sets its own (README, "Configuration").
EXAMPLE_OPERATOR = {
    "name": "Stadtwerke Burg GmbH (Beispielangaben)",
    "address": "Musterstraße 1, 39288 Burg",
    "representative": "Geschäftsführung der Stadtwerke Burg (Beispiel)",
    "register": "Amtsgericht Stendal, HRB 000000 (Beispiel)",
    "vat_id": "DE000000000 (Beispiel)",
    "email": "kontakt@landwerk.example",
    "phone": "03921 000000",
    "privacy_email": "datenschutz@landwerk.example",
}


def _operator() -> dict:
    """Who runs the platform, as the legal pages name it: LANDWERK_OPERATOR_NAME, …_ADDRESS,
    …_REPRESENTATIVE, …_REGISTER, …_VAT_ID, …_EMAIL, …_PHONE, …_PRIVACY_EMAIL."""
    return {
        key: os.environ.get(f"LANDWERK_OPERATOR_{key.upper()}", example)
        for key, example in EXAMPLE_OPERATOR.items()
    }


def host_list(value: str) -> list[str]:
    """LANDWERK_TRUSTED_HOSTS: host names separated by commas ("landwerk.example.de,
    .landwerk.example.de" – a leading dot takes every subdomain)."""
    return [host.strip().lower() for host in value.split(",") if host.strip()]


def _mail(instance_path: str) -> dict:
    """Outbound e-mail (core.mail). Without MAIL_URL the mails go to the development catcher
    that `make run` starts, and owners read them at /admin/mails; with MAIL_URL there is no
    catcher and no such page."""
    configured = os.environ.get("MAIL_URL", "")
    sender = os.environ.get("MAIL_FROM", "Landwerk <noreply@landwerk.example>")
    return {
        "MAIL_URL": configured or "smtp://127.0.0.1:8025",
        "MAIL_CATCHER_FOLDER": "" if configured else str(Path(instance_path) / "mails"),
        "MAIL_FROM": sender,
        # The bounce address of the SMTP envelope; the sender's address unless set.
        "MAIL_ENVELOPE_FROM": os.environ.get(
            "MAIL_ENVELOPE_FROM", sender.rsplit("<", 1)[-1].rstrip(">").strip()
        ),
        "MAIL_MESSAGE_ID_DOMAIN": os.environ.get("MAIL_MESSAGE_ID_DOMAIN", "landwerk.example"),
        # Where residents reach the platform: the links of mails sent outside a request
        # (notifications, the weekly digest, their unsubscribe links).
        "PUBLIC_URL": os.environ.get(
            "LANDWERK_PUBLIC_URL", f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
        ),
        # Mails the platform sends one address on request (confirmation links, password
        # resets, "you have an account"), from whatever client addresses: nobody can flood
        # someone's inbox through the platform.
        "MAIL_ADDRESS_RATE_LIMIT": os.environ.get("MAIL_ADDRESS_RATE_LIMIT", "3 per hour"),
        "PASSWORD_RESET_RATE_LIMIT": os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5 per hour"),
    }


def from_environment(instance_path: str) -> dict:
    https = _flag("LANDWERK_HTTPS", False)
    return {
        **_mail(instance_path),
        "SECRET_KEY": secret_key_for(instance_path),
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{Path(instance_path) / 'landwerk.db'}"
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        # Also how long any sign-in lasts (core.auth): then the password is asked for again.
        "REMEMBER_COOKIE_DURATION": timedelta(days=int(os.environ.get("REMEMBER_DAYS", "30"))),
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        # Absolute links (feeds, calendar files, structured data) are built from the Host
        # header: only these host names are answered, any other is a 400. The default is what
        # `make run` serves; a deployment names its own.
        "TRUSTED_HOSTS": host_list(os.environ.get("LANDWERK_TRUSTED_HOSTS", "localhost,127.0.0.1")),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Keeps apart several deployments (or test runs) that share one Redis.
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", ""),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        # Failed sign-ins per e-mail address, from whatever client addresses.
        "LOGIN_ACCOUNT_RATE_LIMIT": os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "10 per hour"),
        "REGISTER_RATE_LIMIT": os.environ.get("REGISTER_RATE_LIMIT", "5 per hour"),
        "VOTE_RATE_LIMIT": os.environ.get("VOTE_RATE_LIMIT", "30 per minute"),
        "COMMENT_RATE_LIMIT": os.environ.get("COMMENT_RATE_LIMIT", "5 per minute"),
        "IDEA_RATE_LIMIT": os.environ.get("IDEA_RATE_LIMIT", "3 per hour"),
        "EXPORT_RATE_LIMIT": os.environ.get("EXPORT_RATE_LIMIT", "10 per hour"),
        "MESSAGE_RATE_LIMIT": os.environ.get("MESSAGE_RATE_LIMIT", "20 per minute"),
        "MESSAGE_THREAD_RATE_LIMIT": os.environ.get("MESSAGE_THREAD_RATE_LIMIT", "10 per hour"),
        "VOTE_BUDGET": int(os.environ.get("VOTE_BUDGET", "5")),
        "FLAG_CHECK_INTERVAL": float(os.environ.get("FLAG_CHECK_INTERVAL", "0.25")),
        # With UNLEASH_URL (the API URL, ending in /api) the flags come from an Unleash server.
        "UNLEASH_URL": os.environ.get("UNLEASH_URL", ""),
        "UNLEASH_CLIENT_TOKEN": os.environ.get("UNLEASH_CLIENT_TOKEN", ""),
        "UNLEASH_ADMIN_TOKEN": os.environ.get("UNLEASH_ADMIN_TOKEN", ""),
        "UNLEASH_ENVIRONMENT": os.environ.get("UNLEASH_ENVIRONMENT", "development"),
        "UNLEASH_REFRESH_INTERVAL": int(os.environ.get("UNLEASH_REFRESH_INTERVAL", "1")),
        "BABEL_DEFAULT_LOCALE": "de",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
        "LANGUAGES": ["de", "en"],
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none).
        "PROXY_HOPS": int(os.environ.get("LANDWERK_PROXY_HOPS", "0")),
        "DEMO_PASSWORD": os.environ.get("LANDWERK_DEMO_PASSWORD", "landwerk-demo"),
        "OPERATOR": _operator(),
    }
