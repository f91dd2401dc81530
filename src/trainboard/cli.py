"""The `trainboard` command: `trainboard --logdir logs` (same as `trainboard serve --logdir logs` and
`python -m trainboard ...`), plus the subcommands in `SUBCOMMANDS`.

Flags mirror TensorBoard's (docs/cli.md), so habits carry over.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from trainboard._version import __version__

__all__ = ["SUBCOMMANDS", "build_parser", "main", "parse_samples_per_plugin", "serve_main"]

# Subcommands other than `serve`: name -> ("module:function taking argv and returning an exit code", help).
# Adding a subcommand is one line here; the module is imported only when its subcommand runs.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("trainboard.demo:main", "write a demo logdir with every kind of data and serve it live"),
    "export": ("trainboard.export:main", "write scalars and hparams into one HTML file (no server needed)"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `trainboard` script; returns the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "serve":
            return serve_main(args[1:])
        if args and args[0] in SUBCOMMANDS:
            target, _help = SUBCOMMANDS[args[0]]
            module, _, function = target.partition(":")
            command: Callable[[list[str]], int | None] = getattr(importlib.import_module(module), function)
            return command(args[1:]) or 0
        return serve_main(args)
    except KeyboardInterrupt:  # Ctrl+C before the server took over the signal: quit quietly
        return 130


# TensorBoard's loader flags. trainboard always reads every file of a run with its compiled loader,
# so these change nothing; they are accepted so that a TensorBoard command line works as it is.
IGNORED_TENSORBOARD_FLAGS = (
    "--load_fast",
    "--reload_multifile",
    "--reload_multifile_inactive_secs",
    "--reload_task",
    "--max_reload_threads",
    "--detect_file_replacement",
    "--purge_orphaned_data",
)


class OneLineParser(argparse.ArgumentParser):
    """Reports a bad command line in one line (argparse's default prints the whole usage first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    commands = "".join(f"\n  trainboard {name:<8} {help_}" for name, (_t, help_) in SUBCOMMANDS.items())
    parser = OneLineParser(
        prog="trainboard",
        description="Serve a live dashboard for TensorBoard event files.",
        epilog="commands:\n  trainboard [serve]  serve a logdir (the default)" + commands,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--logdir",
        help="directory the SummaryWriter writes to; also 'a,b', 'name:path,name2:path2' or an fsspec URL "
        "(s3://, gs://). It may not exist yet: the dashboard waits for it.",
    )
    parser.add_argument("--logdir_spec", help="legacy form of --logdir with name:path pairs (TensorBoard's)")
    parser.add_argument(
        "--port",
        type=int,
        help="port to serve on (default 6006, or the next free one); 0 picks any free port",
    )
    parser.add_argument("--host", help="address to bind (default localhost: only this machine can connect)")
    parser.add_argument(
        "--bind_all", action="store_true", help="serve on every network interface (visible to the network)"
    )
    parser.add_argument(
        "--allowed_hosts",
        default="",
        help="comma-separated Host names the server answers to besides localhost, IP addresses and the "
        "--host/--bind_all names, e.g. a proxy's name; '*' turns the DNS rebinding check off",
    )
    parser.add_argument(
        "--reload_interval",
        type=float,
        default=5.0,
        help="seconds between polls of remote logdirs (local ones are watched and update within a second); "
        "0 loads once (default 5)",
    )
    parser.add_argument(
        "--samples_per_plugin",
        default="",
        help="cap on samples served per series, e.g. 'scalars=500,images=10'; 0 or 'all' keeps all (default)",
    )
    parser.add_argument(
        "--cache_dir",
        default=None,
        help="folder of the column cache, which lets a restart serve what it read before at once "
        "(default: $TRAINBOARD_CACHE_DIR, else the user's cache folder, e.g. ~/.cache/trainboard/columns)",
    )
    parser.add_argument("--no_cache", action="store_true", help="do not read or write the column cache")
    parser.add_argument("--window_title", default="", help="title of the browser tab")
    parser.add_argument(
        "--path_prefix", default="", help="serve under this path, e.g. /trainboard behind a proxy"
    )
    parser.add_argument("--version", action="version", version=f"trainboard {__version__}")
    for flag in IGNORED_TENSORBOARD_FLAGS:
        parser.add_argument(flag, nargs="?", const="true", help=argparse.SUPPRESS)
    return parser


def parse_samples_per_plugin(text: str) -> dict[str, int]:
    """`"scalars=500,images=0"` -> {"scalars": 500, "images": 0}; 0 and "all" both mean keep everything."""
    caps: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        name = name.strip()
        value = value.strip()
        if not sep or not name:
            raise ValueError(f"--samples_per_plugin: {item!r} is not plugin=number, e.g. scalars=500")
        if value == "all":
            caps[name] = 0
            continue
        try:
            caps[name] = int(value)
        except ValueError:
            raise ValueError(
                f"--samples_per_plugin: {value!r} for {name} is not a whole number or 'all'"
            ) from None
        if caps[name] < 0:
            raise ValueError(
                f"--samples_per_plugin: {name}={value} is negative; use 0 or 'all' to keep everything"
            )
    return caps


def expand_home(logdir: str) -> str:
    """Expand `~` in each path of a logdir spec (`--logdir=~/runs` reaches us unexpanded by the shell)."""
    parts = []
    for part in logdir.split(","):
        name, sep, path = part.partition(":")
        if sep and path.startswith("~"):
            part = f"{name}:{os.path.expanduser(path)}"
        elif part.startswith("~"):
            part = os.path.expanduser(part)
        parts.append(part)
    return ",".join(parts)


def normalize_path_prefix(prefix: str) -> str:
    """ "" or "/a/b" (leading slash, no trailing one), as TensorBoard normalises it."""
    prefix = prefix.strip().rstrip("/")
    if prefix and not prefix.startswith("/"):
        raise ValueError(f"--path_prefix must start with '/', e.g. /{prefix}")
    return prefix


def serve_main(argv: Sequence[str]) -> int:
    """`trainboard serve`: parse flags, bind the port, print the banner and serve until Ctrl+C."""
    parser = build_parser()
    args, extra = parser.parse_known_args(list(argv))
    if extra:
        hint = f"; did you mean --logdir {extra[0]}?" if not extra[0].startswith("-") else ""
        parser.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    ignored = [f for f in IGNORED_TENSORBOARD_FLAGS if getattr(args, f.lstrip("-")) is not None]
    if ignored:
        print(
            f"trainboard: note: {', '.join(ignored)} change nothing here "
            "(every file of a run is always read)",
            file=sys.stderr,
        )
    if args.logdir and args.logdir_spec:
        parser.error("--logdir and --logdir_spec are alternatives; pass only one")
    logdir = args.logdir or args.logdir_spec
    if not logdir:
        parser.error("pass --logdir DIR, the directory your SummaryWriter writes to (e.g. --logdir runs)")
    if args.host and args.bind_all:
        parser.error("--host and --bind_all are alternatives; pass only one")
    if args.reload_interval < 0:
        parser.error(f"--reload_interval must be 0 (load once) or more seconds, got {args.reload_interval}")
    if args.port is not None and not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535, got {args.port}")
    try:
        caps = parse_samples_per_plugin(args.samples_per_plugin)
        prefix = normalize_path_prefix(args.path_prefix)
    except ValueError as exc:
        parser.error(str(exc))

    # Imported here so that `trainboard --help` and `--version` answer instantly.
    from trainboard.server.serve import ServeError, serve
    from trainboard.server.settings import ServerSettings
    from trainboard.store.cache import default_cache_dir

    settings = ServerSettings(
        logdir=expand_home(logdir),
        window_title=args.window_title,
        reload_interval=args.reload_interval,
        samples_per_plugin=caps,
        path_prefix=prefix,
        allowed_hosts=tuple(filter(None, (n.strip() for n in args.allowed_hosts.split(",")))),
        api_only=os.environ.get("TRAINBOARD_API_ONLY", "") == "1",
        cache_dir=None if args.no_cache else expand_home(args.cache_dir or default_cache_dir()),
    )
    try:
        return serve(settings, host=args.host, port=args.port, bind_all=args.bind_all)
    except ServeError as exc:
        print(f"trainboard: error: {exc}", file=sys.stderr)
        return 1
