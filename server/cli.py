"""`python -m server <command>`: the commands are listed in server/commands/__init__.py.

Only the module of the command being run is imported; every other command appears in the help
from the table alone.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from server.commands import COMMANDS, CORPUS, OFFLINE, SERVICE

_GROUPS = (("the service", SERVICE), ("the corpus", CORPUS), ("offline tools", OFFLINE))


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    """The parser for `argv`, with the arguments of the one command `argv` names (if any)."""
    chosen = _chosen_command(argv)
    parser = argparse.ArgumentParser(
        prog="python -m server", description="PaperGist service",
        epilog="\n".join(f"{title}: {', '.join(dict.fromkeys(name.split()[0] for name in group))}"
                         for title, group in _GROUPS),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    top = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    groups: dict[str, argparse._SubParsersAction] = {}
    for name, (module_name, help_text) in COMMANDS.items():
        first, *rest = name.split()
        if rest:
            if first not in groups:
                group = top.add_parser(first, help=f"{first} commands")
                groups[first] = group.add_subparsers(dest="subcommand", required=True, metavar="WHAT")
            sub = groups[first].add_parser(rest[0], help=help_text, description=help_text)
        else:
            sub = top.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            module = importlib.import_module(f"server.commands.{module_name}")
            module.add_arguments(sub)
            sub.set_defaults(handler=module.main)
    return parser


def _chosen_command(argv: list[str]) -> str | None:
    words = [word for word in argv if not word.startswith("-")][:2]
    for count in (2, 1):
        if " ".join(words[:count]) in COMMANDS:
            return " ".join(words[:count])
    return None


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    sys.exit(args.handler(args) or 0)
