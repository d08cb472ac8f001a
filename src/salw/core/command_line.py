"""Running one management command for a person at a terminal.

Django's own runner prints a traceback for anything but a `CommandError`, and its messages and
argparse's are English. Here every mistake of the user — a wrong argument, a missing file, a
refused value or row, a permission not held — is one line in the user's language naming what
is wrong, with the exit status of `ExitCode`; a fault of salw says so in one line too, and shows
its traceback with `--traceback`.
"""

import argparse
import sys
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import get_commands, load_command_class
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    handle_default_options,
)
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salw.core.exit_codes import ExitCode
from salw.core.message_language import OPTION, message_language, take_language_option


class UsageError(Exception):
    """The command line could not be parsed (argparse's message, translated)."""


def _raise_usage_error(message: str) -> None:
    raise UsageError(message)


def _parser(command: BaseCommand, name: str) -> argparse.ArgumentParser:
    parser = command.create_parser("salw", name)
    # Every parser and sub-parser raises instead of printing English and exiting.
    pending = [parser]
    while pending:
        current = pending.pop()
        current.error = _raise_usage_error  # type: ignore[method-assign]
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                pending.extend(action.choices.values())
    return parser


def _file_message(error: OSError) -> str:
    name = error.filename if error.filename is not None else ""
    if isinstance(error, FileNotFoundError):
        return _("There is no file %(file)s.") % {"file": name}
    if isinstance(error, IsADirectoryError):
        return _("%(file)s is a folder, not a file.") % {"file": name}
    if isinstance(error, PermissionError):
        return _("%(file)s may not be read or written (file permissions).") % {"file": name}
    return _("Cannot use the file %(file)s: %(reason)s.") % {
        "file": name,
        "reason": error.strerror or error,
    }


def _owns_option(command: BaseCommand, name: str, argv: list[str], option: str) -> bool:
    """Whether the command (or the sub-command that `argv` chooses) has `option` of its own."""
    parser: argparse.ArgumentParser = command.create_parser("salw", name)
    while True:
        if option in parser._option_string_actions:
            return True
        chooser = next(
            (a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None
        )
        chosen = next((a for a in argv if chooser and a in chooser.choices), None)
        if chooser is None or chosen is None:
            return False
        parser = chooser.choices[chosen]


def run_command(name: str, argv: list[str], language: str) -> int:
    """Run `salw NAME ARGV...` with messages in `language` (or in the `--language` of ARGV when
    the command has no option of that name); returns the exit status."""
    import django

    # --settings and --pythonpath act before Django starts, as in Django's own runner.
    early = CommandParser(add_help=False, allow_abbrev=False)
    early.add_argument("--settings")
    early.add_argument("--pythonpath")
    handle_default_options(early.parse_known_args(argv)[0])
    try:
        django.setup()
    except ImportError as error:
        # Without settings there are no catalogues: this one message stays English.
        _say(name, f"the settings cannot be imported ({error}); check --settings.")
        return ExitCode.USAGE
    # argparse's messages ("unrecognized arguments: ...") through salw's catalogues.
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    with translation.override(language):
        app = get_commands().get(name)
        if app is None:
            _say(
                name,
                _("There is no command “%(command)s”: “salw --help” lists them.")
                % {"command": name},
            )
            return ExitCode.USAGE
        command = load_command_class(app, name) if isinstance(app, str) else app
    if not _owns_option(command, name, argv, OPTION):
        wanted, argv = take_language_option(argv)
        if wanted:
            language = message_language(wanted, {})
    with translation.override(language):
        return _run(command, name, argv)


def _run(command: BaseCommand, name: str, argv: list[str]) -> int:
    show_traceback = "--traceback" in argv
    try:
        options = _parser(command, name).parse_args(argv)
        handle_default_options(options)
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        command.execute(*args, **cmd_options)
        return ExitCode.OK
    except UsageError as error:
        _say(
            name,
            _("%(problem)s (“salw %(command)s --help” shows how to use it)")
            % {"problem": error, "command": name},
        )
        return ExitCode.USAGE
    except SystemExit as leaving:  # --help and --version print and leave
        return int(leaving.code or 0)
    except Exception as error:
        if show_traceback:
            raise
        message, code = _message(error)
        _say(name, message)
        return code


def _message(error: Exception) -> tuple[str, int]:
    if isinstance(error, CommandError):
        return str(error), error.returncode or ExitCode.REFUSED
    if isinstance(error, PermissionDenied):
        return _("Your role does not allow this."), ExitCode.REFUSED
    if isinstance(error, ValidationError):
        return "; ".join(error.messages), ExitCode.REFUSED
    if isinstance(error, OSError) and error.filename is not None:
        return _file_message(error), ExitCode.REFUSED
    return (
        _(
            "Internal error (%(error)s): a fault of salw, not of what you gave. Run the "
            "command again with --traceback and report what it prints."
        )
        % {"error": type(error).__name__},
        ExitCode.INTERNAL_ERROR,
    )


def _say(name: str, message: Any) -> None:
    # One line: a message with line breaks (verify-history's findings) keeps them, indented.
    text = str(message).replace("\n", "\n  ")
    sys.stderr.write(f"salw {name.replace('_', '-')}: {text}\n")
