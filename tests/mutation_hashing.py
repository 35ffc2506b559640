"""A pytest plugin for `make mutation` only: cheap password hashes, so that each mutant of
core/record.py is tested in seconds. The record never hashes; ``make test`` never loads this."""

from werkzeug import security

_full_strength = security.generate_password_hash


def pytest_configure(config):
    # core/hashing.py looks the function up on each call.
    security.generate_password_hash = lambda password, method=None, salt_length=16: (
        _full_strength(password, "pbkdf2:sha256:1", salt_length))
