"""Quiz server: records the results of the trainees of each handbook course."""

from flask import Flask

from handbook.bank import QUESTIONS_DIR, load_bank
from quiz_server import cli
from quiz_server.config import load_config
from quiz_server.core import clock
from quiz_server.web import (
    account,
    audit_text,
    i18n,
    localtime,
    organizer,
    public,
    roster_text,
    security,
    trainee,
)


def create_app(test_config=None):
    """Build the Flask app: defaults, then ``QUIZ_*`` environment, then ``test_config``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_config(app.instance_path, test_config))
    # A broken bank stops the server at start, not in the middle of a test.
    app.extensions["question_bank"] = load_bank(app.config.get("QUESTIONS_DIR") or QUESTIONS_DIR)
    i18n.init_app(app)
    security.init_app(app)
    roster_text.init_app(app)
    audit_text.init_app(app)
    localtime.init_app(app)
    clock.use_zone(app.config["TIMEZONE"])
    for blueprint in (public.bp, trainee.bp, account.bp, organizer.bp):
        app.register_blueprint(blueprint)
    cli.init_app(app)
    return app
