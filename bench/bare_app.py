"""The ceiling for bench/load.py: a bare Flask endpoint that inserts one row into SQLite.

Same settings as the quiz server's database (WAL, busy timeout, synchronous FULL, one
connection per thread), no login, no CSRF, no templates: what this machine can do at best.

    gunicorn --bind 127.0.0.1:PORT 'bench.bare_app:create_app("/tmp/bare.sqlite")'
"""

import sqlite3
import threading

from flask import Flask, jsonify, request


def create_app(path):
    app = Flask(__name__)
    local = threading.local()
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY, who TEXT, "
                  "question TEXT, choice TEXT)")
    setup.close()

    def connection():
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(path, isolation_level=None, timeout=10)
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA synchronous=FULL")
            local.conn = conn
        return conn

    @app.post("/answer")
    def answer():
        conn = connection()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO answers (who, question, choice) VALUES (?, ?, ?)",
                     [request.form.get("who", ""), request.form.get("question_id", ""),
                      request.form.get("choice", "")])
        conn.execute("COMMIT")
        return jsonify(saved=True)

    @app.get("/ready")
    def ready():
        return "ok"

    return app
