"""One WSGI application for `make run` and production: the handbook at ``/``, the quiz at ``/quiz``.

    gunicorn 'quiz_server.wsgi:create_wsgi()'
"""

from werkzeug.middleware.dispatcher import DispatcherMiddleware

from quiz_server import create_app
from quiz_server.web.static_site import StaticSite, site_dir


def create_wsgi(site=None, test_config=None):
    app = create_app(test_config)
    https = app.config["PUBLIC_URL"].startswith("https://")
    combined = DispatcherMiddleware(StaticSite(site or site_dir(), https),
                                    {"/quiz": app.wsgi_app})
    combined.quiz_app = app
    return combined
