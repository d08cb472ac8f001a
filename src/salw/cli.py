"""The `salw` command: a friendly front for the management commands.

`salw serve`, `salw seed-demo`, `salw verify-history` ...: hyphens become underscores and the rest
goes to Django's manage.py machinery, so every management command is reachable.
"""

import os
import sys
from collections.abc import Mapping

from salw.core.message_language import message_language, split_at_command, take_language_option

FRIENDLY = {
    "serve": "Serve the site (default 127.0.0.1:8000). Add an address to change it.",
    "migrate": "Create or update the database tables.",
    "load-states": "Load or refresh the States, regions and their names in six languages.",
    "seed-demo": "Create the demo people and print their passwords (SALW_DEMO=1 only).",
    "compile-catalogues": "Compile the translations.",
    "verify-history": "Check that the change history was not altered; names the first bad row.",
    "create-organisation": "Create a State's, the secretariat's or a donor's organisation.",
    "create-user": "Open an account and print a link to choose its password.",
    "registry": "Weapons registry: load-reference, show, search, import FILE (salw registry -h).",
    "reporting": "National reports: reporting load-template FILE, cycles, start, submit, export.",
    "tracing": "Tracing: match, requests, remind (overdue requests by e-mail), cases, sdg.",
    "create-token": "Print a user's API token: salw create-token USERNAME.",
    "createsuperuser": "Create an account with every right (for the first administrator).",
}
ALIASES = {"serve": "runserver"}


def usage() -> str:
    lines = ["Usage: salw COMMAND [OPTIONS]", "", "Commands:"]
    lines += [f"  {name:<20} {text}" for name, text in FRIENDLY.items()]
    lines += [
        "",
        "Every Django management command works too (salw help lists them all);",
        "salw COMMAND --help tells more about one command.",
    ]
    return "\n".join(lines)


def choose_language(args: list[str], environ: Mapping[str, str]) -> tuple[str, list[str]]:
    """The language for messages from the options before the command's name (else the locale),
    and the arguments without them; the command's own arguments are read in `run_command`."""
    before, command = split_at_command(args)
    wanted, before = take_language_option(before)
    return message_language(wanted, environ), before + command


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    language, args = choose_language(args, os.environ)
    if not args or args[0] in {"-h", "--help"}:
        print(usage())
        return
    name = args[0]
    command = ALIASES.get(name, name.replace("-", "_"))
    if command == "runserver" and not [a for a in args[1:] if not a.startswith("-")]:
        args.append("127.0.0.1:8000")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salw.settings")
    if command in {"help", "runserver", "shell", "dbshell"} or command.startswith("-"):
        from django.core.management import execute_from_command_line

        execute_from_command_line(["salw", command, *args[1:]])
        return
    from django.conf import settings
    from django.db import connections

    from salw.core.command_line import run_command

    status = run_command(command, args[1:], language)
    if settings.configured:  # not when the settings could not be imported
        connections.close_all()
    sys.exit(status)


if __name__ == "__main__":
    main()
