"""Quiz server: records the results of the trainees of each handbook course."""

from flask import Flask

from handbook.bank import QUESTIONS_DIR, load_bank

from . import account, account_cli, auth, cli, db, i18n, organizer, privacy, quiz, security, trainee
from .config import load_config


def create_app(test_config=None):
    """Build the Flask app: defaults, then ``QUIZ_*`` environment, then ``test_config``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_config(app.instance_path, test_config))
    db.init_app(app)
    # A broken bank stops the server at start, not in the middle of a test.
    app.extensions["question_bank"] = load_bank(app.config.get("QUESTIONS_DIR") or QUESTIONS_DIR)
    i18n.init_app(app)
    security.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(trainee.bp)
    app.register_blueprint(organizer.bp)
    app.register_blueprint(quiz.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(privacy.bp)
    cli.init_app(app)
    account_cli.init_app(app)
    return app
