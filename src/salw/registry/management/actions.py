"""The actions of `salw registry`, kept apart from the argument parsing."""

from argparse import ArgumentParser
from typing import Any, TextIO

from salw.accounts.models import User
from salw.registry.services.loading import load_reference

__all__ = ["ACTIONS", "add_arguments", "load_reference", "run"]

ACTIONS: dict[str, str] = {}


def add_arguments(name: str, parser: ArgumentParser) -> None:
    pass


def run(action: str, user: User, options: dict[str, Any], out: TextIO) -> None:
    raise NotImplementedError(action)
