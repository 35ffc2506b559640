""""Are you sure?" before an organizer's irreversible or high-stakes click, without JavaScript.

The same pattern as the trainee's erasure request (``account/confirm_deletion.html``): the
first post shows what will happen and posts the same fields again with ``confirmed=yes``;
only that second post acts.
"""

from flask import render_template, request


def confirmed():
    return request.form.get("confirmed") == "yes"


def ask(title, explanation, button, cancel_url):
    """The confirmation page, which re-posts this request's fields to the same address."""
    fields = {name: value for name, value in request.form.items()
              if name not in ("csrf_token", "confirmed")}
    return render_template("organizer/confirm.html", title=title, explanation=explanation,
                           button=button, cancel_url=cancel_url, fields=fields,
                           action=request.path)
