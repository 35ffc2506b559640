"""Addresses people follow: the bound port in what is printed, and codes typed from paper."""

import subprocess
from pathlib import Path

from test_certificates import course, issued  # noqa: F401 (a fixture and its helper)

from quiz_server.core import cert_codes

ROOT = Path(__file__).parents[1]


def test_make_run_prints_and_stamps_the_port_it_binds():
    commands = subprocess.run(["make", "-n", "run", "PORT=8102"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout
    assert commands.count("QUIZ_PUBLIC_URL=${QUIZ_PUBLIC_URL:-http://127.0.0.1:8102}") == 3
    assert ":8000" not in commands


def test_codes_in_any_case_with_or_without_dashes():
    assert cert_codes.normalise("gnqj4k2mxy7pabcd") == "GNQJ-4K2M-XY7P-ABCD"
    assert cert_codes.normalise(" GNQJ 4K2M–XY7P-abcd ") == "GNQJ-4K2M-XY7P-ABCD"
    assert cert_codes.normalise("abc") == "ABC"


def test_verify_form_and_typed_codes(app, client, course):  # noqa: F811
    code = next(iter(issued(app, course).values()))["code"]
    form = client.get("/verify").get_data(as_text=True)
    assert 'name="code"' in form and 'action="/verify"' in form
    typed = client.get("/verify", query_string={"code": code.lower().replace("-", "")})
    assert typed.status_code == 303 and typed.headers["Location"].endswith(f"/verify/{code}")
    assert client.get(f"/verify/{code.lower().replace('-', ' ')}").status_code == 200
    missing = client.get("/verify/AAAA-AAAA-AAAA-AAAA")
    page = missing.get_data(as_text=True)
    assert missing.status_code == 404 and "Không có giấy chứng nhận nào có mã" in page
    assert 'name="code"' in page  # the form again, to correct the code
