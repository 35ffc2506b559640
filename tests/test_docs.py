"""The README and the code cannot drift apart: every command and setting is documented."""

import re
from pathlib import Path

from quiz_server import config

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_in_the_readme(app):
    commands = sorted(app.cli.commands)
    assert commands, "no commands registered"
    missing = [name for name in commands if f"`{name}" not in README]
    assert missing == []


def test_every_setting_is_in_the_readme():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "quiz_server").rglob("*.py"))
    names = config.ENV_SETTINGS + getattr(config, "INT_SETTINGS", ())
    settings = set(re.findall(r"QUIZ_[A-Z_]+", code)) | {f"QUIZ_{name}" for name in names}
    assert sorted(s for s in settings if f"`{s}`" not in README) == []
