"""Interface language: Vietnamese by default, English on request, remembered in a cookie."""

from flask import current_app, g, request
from flask_babel import Babel
from flask_login import current_user

LOCALES = ("vi", "en")
COOKIE = "quiz_lang"
SECURE_COOKIE = "__Host-quiz_lang"  # over https: sent only there, to this host, whole site


def cookie_name():
    return SECURE_COOKIE if current_app.config.get("SESSION_COOKIE_SECURE") else COOKIE


def select_locale():
    """``?lang=`` first (links from the English handbook), then the cookie, then the account."""
    for candidate in (request.args.get("lang"), request.cookies.get(cookie_name())):
        if candidate in LOCALES:
            return candidate
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    return "vi"


def remember_locale(response):
    """Keep a language chosen through ``?lang=`` for the following pages."""
    chosen = request.args.get("lang")
    if chosen in LOCALES and request.cookies.get(cookie_name()) != chosen:
        set_locale_cookie(response, chosen)
    return response


def set_locale_cookie(response, locale):
    secure = bool(current_app.config.get("SESSION_COOKIE_SECURE"))
    response.set_cookie(cookie_name(), locale, max_age=365 * 24 * 3600, samesite="Lax",
                        httponly=True, secure=secure, path="/")


def handbook_url(app_config, locale, chapter=None):
    """The handbook home, or a chapter's page, in the reader's language (English lives under
    ``en/``)."""
    base = app_config["HANDBOOK_URL"].rstrip("/") + "/" + ("en/" if locale == "en" else "")
    return f"{base}chapters/{chapter}/" if chapter else base


def init_app(app):
    Babel(app, locale_selector=select_locale)
    app.after_request(remember_locale)

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        locale = str(get_locale())
        g.locale = locale
        return {"locale": locale, "handbook_home": handbook_url(app.config, locale)}
