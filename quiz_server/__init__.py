"""Quiz server: records the results of the trainees of each handbook course."""

from flask import Flask

from . import auth, cli, db, i18n, organizer, security, trainee
from .config import load_config


def create_app(test_config=None):
    """Build the Flask app: defaults, then ``QUIZ_*`` environment, then ``test_config``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_config(app.instance_path, test_config))
    db.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(trainee.bp)
    app.register_blueprint(organizer.bp)
    cli.init_app(app)
    return app
