"""Settings: defaults, overridden by ``QUIZ_*`` environment variables, then by a test mapping."""

import os
import unicodedata
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from quiz_server.core.text_rules import has_control

DEFAULTS = {
    "DATABASE": None,  # filled in from the instance folder
    "HANDBOOK_URL": "/",
    "PUBLIC_URL": "http://127.0.0.1:8000",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "BABEL_DEFAULT_LOCALE": "vi",
    "IDLE_MINUTES": 480,  # a session unused this long ends; saved answers stay saved
    "SESSION_HOURS": 12,  # every session ends this long after its login, however much used
    "BACKUP_DIR": None,  # filled in from the instance folder
    "BACKUP_KEEP_DAYS": 30,  # `prune-backups` deletes backups older than this
    "MAX_PASSWORD_CHECKS": 2,  # concurrent password checks per process (Argon2id, ~30 ms)
    # Logins beyond those wait in turn, at most this many per process and this many seconds;
    # the rest of a process's request threads stay free for answers being saved.
    "MAX_LOGINS_WAITING": 4,
    "LOGIN_WAIT_SECONDS": 8,
    "PRIVACY_CONTACT": "",  # the data controller's contact, shown on the privacy notice
    "PROFILE_EDITABLE": "phone,email",  # profile fields trainees may correct themselves
    "TRUSTED_PROXIES": 0,  # reverse proxies in front whose X-Forwarded-For/-Proto are believed
    "TIMEZONE": "Asia/Ho_Chi_Minh",  # times people read and type; storage stays UTC
    # Bigger uploads are refused before they are read; rosters are capped lower (2 MB) with
    # a row-level explanation, this only stops abuse early.
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    # Who issues and signs the certificates. The defaults name the course's organizing board,
    # which every course has, never an authority the server cannot know; an empty name leaves
    # the line for a handwritten one, an empty place falls back to the course's place.
    "CERT_ISSUER": "BAN TỔ CHỨC KHÓA BỒI DƯỠNG",
    "CERT_SIGNER_TITLE": "TRƯỞNG BAN TỔ CHỨC",
    "CERT_SIGNER_NAME": "",
    "CERT_PLACE": "",
}
# The longest each certificate setting may be (characters), and whether it may be blank.
CERT_LIMITS = {"CERT_ISSUER": (160, False), "CERT_SIGNER_TITLE": (100, False),
               "CERT_SIGNER_NAME": (70, True), "CERT_PLACE": (60, True)}

# Environment variables read as strings; the key is the Flask setting name.
ENV_SETTINGS = ("SECRET_KEY", "DATABASE", "HANDBOOK_URL", "PUBLIC_URL",
                "PRIVACY_CONTACT", "PROFILE_EDITABLE", "TIMEZONE", "BACKUP_DIR",
                *CERT_LIMITS)
# Environment variables read as whole numbers.
INT_SETTINGS = ("IDLE_MINUTES", "MAX_PASSWORD_CHECKS", "MAX_LOGINS_WAITING",
                "LOGIN_WAIT_SECONDS", "TRUSTED_PROXIES", "SESSION_HOURS", "BACKUP_KEEP_DAYS")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class ConfigError(click.ClickException, RuntimeError):
    """A setting is missing or wrong: the server must not start. A command line that loads
    the app prints the sentence and exits with 1 instead of a traceback (Click shows it)."""


def _yes(name):
    return os.environ.get(name, "").lower() in ("1", "true", "yes")


def is_production(config):
    """Production means: not the test suite, and a public address other than this machine's
    loopback (which is what `make run` uses, for one person trying the server)."""
    host = urlsplit(config["PUBLIC_URL"]).hostname or ""
    return not config.get("TESTING") and host not in LOOPBACK_HOSTS


def _transport(config):
    """Cookies by the book when the public address is https (``Secure``, ``__Host-`` names,
    HSTS); plain http in production only with ``QUIZ_ALLOW_HTTP=1``."""
    https = config["PUBLIC_URL"].startswith("https://")
    if not https and is_production(config) and not (_yes("QUIZ_ALLOW_HTTP")
                                                     or config.get("ALLOW_HTTP")):
        raise ConfigError(
            f"QUIZ_PUBLIC_URL {config['PUBLIC_URL']!r} is plain http: passwords and session "
            "cookies would cross the network in clear. Serve the quiz over https, or set "
            "QUIZ_ALLOW_HTTP=1 to accept that knowingly (a closed training-room network).")
    if https:
        config["SESSION_COOKIE_SECURE"] = True
    config["HSTS"] = https
    if config.get("SESSION_COOKIE_SECURE"):
        # __Host- cookies are only sent over https, to this host, for the whole site.
        config["SESSION_COOKIE_NAME"] = "__Host-session"
        config["SESSION_COOKIE_PATH"] = "/"


def _certificate_settings(config):
    """Issuer, signer and place as printed: NFC, trimmed, of a length that fits the page,
    without control or invisible characters (they would print as boxes or hide text)."""
    for name, (longest, blank) in CERT_LIMITS.items():
        value = unicodedata.normalize("NFC", str(config[name])).strip()
        if has_control(value):
            raise ConfigError(f"QUIZ_{name} holds a control or invisible character; "
                              "write it as plain text on one line")
        if len(value) > longest:
            raise ConfigError(f"QUIZ_{name} is {len(value)} characters long; at most "
                              f"{longest} fit on a certificate")
        if not value and not blank:
            raise ConfigError(f"QUIZ_{name} is blank; it is printed on every certificate")
        config[name] = value


def load_config(instance_path, test_config=None):
    """Return the settings mapping; refuse to run without a secret key outside tests."""
    config = dict(DEFAULTS)
    config["DATABASE"] = os.path.join(instance_path, "quiz.sqlite")
    config["BACKUP_DIR"] = os.path.join(instance_path, "backups")
    for name in ENV_SETTINGS:
        value = os.environ.get(f"QUIZ_{name}")
        if value:
            config[name] = value
    for name in INT_SETTINGS:
        value = os.environ.get(f"QUIZ_{name}")
        if value:
            try:
                config[name] = int(value)
            except ValueError:
                raise ConfigError(f"QUIZ_{name} must be a whole number, not {value!r}") from None
    if _yes("QUIZ_SECURE_COOKIES"):
        config["SESSION_COOKIE_SECURE"] = True
    if test_config:
        config.update(test_config)
    _transport(config)
    _certificate_settings(config)
    try:
        ZoneInfo(config["TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"QUIZ_TIMEZONE {config['TIMEZONE']!r} is not a time zone name; "
                          "use one such as Asia/Ho_Chi_Minh") from None
    if not config.get("SECRET_KEY") and not config.get("TESTING"):
        raise ConfigError(
            "QUIZ_SECRET_KEY is not set: export a long random value "
            "(python -c 'import secrets; print(secrets.token_hex(32))') "
            "before starting the quiz server."
        )
    return config
