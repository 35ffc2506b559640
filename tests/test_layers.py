"""The layers the tree shows: domain rules in core/, never a web or CLI framework there."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = ("flask", "wtforms", "click", "werkzeug.local")
# The domain may use werkzeug's password hashing (a plain library function), nothing of a request.
PURE = [ROOT / "quiz_server" / "db.py", ROOT / "quiz_server" / "migrations.py",
        *sorted((ROOT / "quiz_server" / "core").glob("*.py"))]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def is_framework(name):
    return any(name == f or name.startswith(f + ".") or name.startswith(f + "_")
               for f in FRAMEWORKS)


def test_core_imports_no_web_or_cli_framework():
    leaks = {p.name: [m for m in imported_modules(p) if is_framework(m)] for p in PURE}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_core_imports_nothing_of_web_or_cli():
    leaks = {p.name: [m for m in imported_modules(p)
                      if m.startswith(("quiz_server.web", "quiz_server.cli", "quiz_server.app_db"))]
             for p in PURE}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_core_loads_without_flask_installed():
    """Importing every core module pulls in no web framework, even indirectly.

    (click is left out here only because sqlite-utils brings it for its own CLI.)
    """
    code = (
        "import sys, importlib, pkgutil, types\n"
        # The package's __init__ builds the Flask app; the domain must not need it.
        "pkg = types.ModuleType('quiz_server'); pkg.__path__ = ['quiz_server']\n"
        "sys.modules['quiz_server'] = pkg\n"
        "import quiz_server.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('quiz_server.core.' + m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in "
        "('flask', 'flask_login', 'flask_wtf', 'flask_babel', 'wtforms'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.strip()
    assert out == ""


def test_no_module_is_a_grab_bag():
    """About 300 lines at most per module (STYLE.md)."""
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "quiz_server").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 320}
    assert long == {}
