"""The command line speaks Swedish: every command's help, Typer's own headings and usage errors."""

import re
from typing import Any

import pytest
from typer._click.core import Context
from typer.main import get_command
from typer.testing import CliRunner

from ifoflow.main import MISSING_HELP, app

runner = CliRunner()
ENGLISH = re.compile(r"\b(the|and|of|with|to|for|a|an|or|is|Usage|Options|Commands|Arguments|Show|Missing|Error|"
                     r"Invalid|default|required|Run|Create|Write|List)\b")


def _commands() -> list[list[str]]:
    root = get_command(app)
    found: list[list[str]] = []

    def walk(command: Any, path: list[str]) -> None:
        found.append(path)
        if hasattr(command, "list_commands"):
            context = Context(command)
            for name in command.list_commands(context):
                walk(command.get_command(context, name), [*path, name])

    walk(root, [])
    return found


def test_every_command_has_swedish_help() -> None:
    assert MISSING_HELP == []


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "ifoflow")
def test_help_has_no_english(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    prose = re.sub(r"--?[\w-]+|\b[A-Z_]{2,}\b", "", result.output)  # option names and placeholders are names
    words = sorted({m.group(0) for m in ENGLISH.finditer(prose)})
    assert words == [], (path, words, result.output)


def test_a_wrong_command_line_is_answered_in_swedish() -> None:
    missing = runner.invoke(app, ["robots", "run"], env={"COLUMNS": "200"})
    assert missing.exit_code == 2 and "Argument saknas" in missing.output and "Missing" not in missing.output
    wrong = runner.invoke(app, ["seed", "-n", "tio"], env={"COLUMNS": "200"})
    assert "ska vara ett heltal" in wrong.output and "Input should" not in wrong.output
