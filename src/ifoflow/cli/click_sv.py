"""Typer's own words (help headings, the help option, usage errors) in Swedish. Typer ships them in English only:
its headings are module constants, and the rest are literals in its vendored copy of Click, so we set the constants
and wrap the few methods that produce the others. Writing our own because no Swedish translation exists to install;
a test checks `--help` and a usage error for English."""

import importlib
from collections.abc import Callable
from typing import Any

CONSTANTS = {"ARGUMENTS_PANEL_TITLE": "Argument", "OPTIONS_PANEL_TITLE": "Flaggor",
             "COMMANDS_PANEL_TITLE": "Kommandon", "ERRORS_PANEL_TITLE": "Fel", "ABORTED_TEXT": "Avbrutet.",
             "RICH_HELP": "Skriv [blue]'{command_path} {help_option}'[/] för hjälp.",
             "DEFAULT_STRING": "[standard: {}]", "ENVVAR_STRING": "[miljövariabel: {}]",
             "REQUIRED_LONG_STRING": "[krävs]"}
# English phrase -> Swedish, in the messages Typer builds for a wrong command line.
PHRASES = [("Input should be a valid integer, unable to parse string as an integer", "ska vara ett heltal"),
           ("Input should be a valid number, unable to parse string as a number", "ska vara ett tal"),
           ("Input should be a valid boolean, unable to interpret input", "ska vara ja eller nej"),
           ("Input should be greater than or equal to", "ska vara minst"),
           ("Input should be less than or equal to", "ska vara högst"), ("Input should be", "ska vara"),
           ("Missing argument", "Argument saknas:"), ("Missing option", "Flagga saknas:"),
           ("Missing parameter", "Uppgift saknas"), ("Invalid value for", "Ogiltigt värde för"),
           ("Invalid value:", "Ogiltigt värde:"), ("No such option:", "Flaggan finns inte:"),
           ("No such command", "Kommandot finns inte:"), ("Got unexpected extra argument(s)", "Oväntade argument"),
           ("Did you mean", "Menade du"), ("is not a valid integer", "är inget heltal"),
           ("is not a valid float", "är inget tal"), ("is not in the range", "ligger inte inom"),
           ("Option", "Flaggan"), ("requires an argument", "kräver ett värde"), ("does not exist", "finns inte")]
HELP_OPTION = "Visa den här hjälpen och avsluta."
USAGE = "Användning: "


def swedish(text: str) -> str:
    for english, words in PHRASES:
        text = text.replace(english, words)
    return text


def install() -> None:
    """Swedish for the rest of the process."""
    rich_utils: Any = importlib.import_module("typer.rich_utils")
    for name, words in CONSTANTS.items():
        setattr(rich_utils, name, words)
    formatting: Any = importlib.import_module("typer._click.formatting")
    core: Any = importlib.import_module("typer._click.core")
    exceptions: Any = importlib.import_module("typer._click.exceptions")
    write_usage = formatting.HelpFormatter.write_usage
    formatting.HelpFormatter.write_usage = lambda self, prog, args="", prefix=None: write_usage(
        self, prog, args.replace("[OPTIONS]", "[FLAGGOR]").replace("COMMAND [ARGS]...", "KOMMANDO [ARGUMENT]..."),
        USAGE if prefix is None else prefix)
    get_help_option = core.Command.get_help_option

    def help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    core.Command.get_help_option = help_option
    for cls in (exceptions.UsageError, exceptions.BadParameter, exceptions.MissingParameter, exceptions.NoSuchOption):
        if "format_message" in vars(cls):
            cls.format_message = _translated(vars(cls)["format_message"])


def _translated(method: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda self: swedish(method(self))
