"""The `stancelab` command: run experiments, show segments.

Errors the user can fix (bad config, bad corpus, unwritable results, full disk) print one line and exit
with status 2, Ctrl-C exits with 130, an unforeseen error (a bug) prints one line and exits with 1;
`--debug` shows the traceback instead. The catalogue of messages: docs/ERRORS.md.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from experiments import errors

CONFIG_DIR = Path(__file__).parent / "configs"


def reference_configs() -> list[Path]:
    """The reference configs run by `stancelab run` with no argument: the seeds experiments."""
    return sorted(CONFIG_DIR.glob("seeds_*.toml"))


def cmd_run(args) -> int:
    """Validate every config first, then run each one into results/<name>/."""
    from experiments import config as cfg
    from experiments.runner import run

    paths = [Path(p) for p in args.configs] or reference_configs()
    configs = [cfg.load(p, args.set) for p in paths]  # all checked before any work starts
    errors.check_results_folder(args.results)
    for path, config in zip(paths, configs):
        with errors.writing_run(Path(args.results) / config["experiment"]["name"]):
            folder = run(config, str(path), args.results, args.set, log=(lambda *a: None) if args.quiet else print)
        if not args.quiet:
            print(f"wrote {folder}")
    return 0


def cmd_segments(args) -> int:
    """Print the segments of a folder of articles as CSV."""
    from features.segments import iter_folder_segments, write_csv

    write_csv(iter_folder_segments(args.folder, args.unit))  # streamed: a 200 MB file in bounded memory
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stancelab", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("run", help="run experiment configs (default: the reference configs on the seeds)")
    p.add_argument("configs", nargs="*", metavar="CONFIG")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a config value")
    p.add_argument("--results", default="results", help="folder of run folders (default: results)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("segments", help="print the segments of a folder of articles as CSV")
    p.add_argument("folder")
    p.add_argument("--unit", choices=("sentence", "paragraph"), default="sentence")
    p.set_defaults(func=cmd_segments)
    from experiments.annotate.commands import add_parser as add_annotate

    add_annotate(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    warnings.formatwarning = lambda msg, cat, *a, **k: f"warning: {msg}\n"
    try:
        return args.func(args)
    except BrokenPipeError:  # `stancelab segments seeds | head` closed the pipe: not an error
        sys.stderr.close()
        return 0
    except (Exception, KeyboardInterrupt) as err:
        if args.debug:
            raise
        if isinstance(err, KeyboardInterrupt):
            message = errors.interrupted_line(args.command)
        else:
            message = errors.bug_line(err) if errors.is_bug(err) else errors.one_line(err)
        print(f"error: {message}", file=sys.stderr)
        return errors.exit_status(err)


if __name__ == "__main__":
    sys.exit(main())
