"""The database of the running app, for requests and CLI commands (Flask's ``current_app``)."""

from flask import current_app

from quiz_server.db import thread_connection


def get_db():
    """The current thread's connection to the current app's database."""
    return thread_connection(current_app.config["DATABASE"])
