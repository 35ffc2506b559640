"""Settings: defaults, overridden by ``QUIZ_*`` environment variables, then by a test mapping."""

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULTS = {
    "DATABASE": None,  # filled in from the instance folder
    "HANDBOOK_URL": "/",
    "SITE_NAME": "Sổ tay truyền thông chính sách",
    "PUBLIC_URL": "http://127.0.0.1:8000",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "BABEL_DEFAULT_LOCALE": "vi",
    "IDLE_MINUTES": 480,  # a session unused this long ends; saved answers stay saved
    "MAX_PASSWORD_CHECKS": 2,  # concurrent password checks per process (about 107 ms each)
    "PRIVACY_CONTACT": "",  # the data controller's contact, shown on the privacy notice
    "PROFILE_EDITABLE": "phone,email",  # profile fields trainees may correct themselves
    "TRUSTED_PROXIES": 0,  # reverse proxies in front whose X-Forwarded-For/-Proto are believed
    "TIMEZONE": "Asia/Ho_Chi_Minh",  # times people read and type; storage stays UTC
    # Bigger uploads are refused before they are read; rosters are capped lower (2 MB) with
    # a row-level explanation, this only stops abuse early.
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
}

# Environment variables read as strings; the key is the Flask setting name.
ENV_SETTINGS = ("SECRET_KEY", "DATABASE", "HANDBOOK_URL", "PUBLIC_URL", "SITE_NAME",
                "PRIVACY_CONTACT", "PROFILE_EDITABLE", "TIMEZONE")
# Environment variables read as whole numbers.
INT_SETTINGS = ("IDLE_MINUTES", "MAX_PASSWORD_CHECKS", "TRUSTED_PROXIES")


class ConfigError(RuntimeError):
    """A setting is missing or wrong: the server must not start."""


def load_config(instance_path, test_config=None):
    """Return the settings mapping; refuse to run without a secret key outside tests."""
    config = dict(DEFAULTS)
    config["DATABASE"] = os.path.join(instance_path, "quiz.sqlite")
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
    if os.environ.get("QUIZ_SECURE_COOKIES", "").lower() in ("1", "true", "yes"):
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
    if test_config:
        config.update(test_config)
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
