"""The language of the command line's messages: `--language X`, else the locale.

Kept free of Django so that `salw` reads it before Django starts. A command that has a
`--language` option of its own (the language of an account, of a report) keeps it: there,
`--language` after the command's name is the command's, and the messages follow the locale or
a `--language` given before the command's name (`salw --language ar create-user ...`).
"""

from collections.abc import Mapping

# The six languages of the catalogues, by the first part of a POSIX locale name (fr_CA.UTF-8).
LANGUAGES = {"ar": "ar", "en": "en", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh-hans"}
DEFAULT_LANGUAGE = "en"
OPTION = "--language"


def take_language_option(args: list[str]) -> tuple[str, list[str]]:
    """The value of `--language X` / `--language=X` in `args` ("" if none), and the rest."""
    rest: list[str] = []
    wanted = ""
    items = iter(args)
    for arg in items:
        if arg == OPTION:
            wanted = next(items, "")
        elif arg.startswith(OPTION + "="):
            wanted = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return wanted, rest


def message_language(wanted: str, environ: Mapping[str, str]) -> str:
    """One of the six for `wanted` (a code or a POSIX locale name), else for LC_ALL,
    LC_MESSAGES, LANG (the first one set, as gettext reads them), else English."""
    if not wanted:
        wanted = next((environ[n] for n in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(n)), "")
    code = wanted.split(".")[0].split("@")[0].replace("-", "_").lower()
    return LANGUAGES.get(code.split("_")[0], DEFAULT_LANGUAGE)


def split_at_command(args: list[str]) -> tuple[list[str], list[str]]:
    """The options before the command's name, and the command's name with what follows."""
    index = 0
    while index < len(args) and args[index].startswith("-"):
        index += 2 if args[index] == OPTION else 1
    return args[:index], args[index:]
