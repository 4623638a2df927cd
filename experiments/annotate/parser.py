"""The options of `stancelab annotate` and its subcommands; what each one does is experiments/annotate/commands.py.

Kept apart from the commands so that building the `stancelab` parser (every command, `--help` included) loads
neither scikit-learn nor the corpus readers: a subcommand's module is imported only when it runs.
"""
from __future__ import annotations

import argparse
import importlib

STRATEGIES = ("random", "stratified", "uncertainty", "diverse")


def seed(text: str) -> int:
    """`--seed`: an integer numpy accepts as a seed (0 to 2**32 - 1), refused in one line otherwise."""
    value = int(text) if text.strip().lstrip("-").isdigit() else None
    if value is None or not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"{text!r} is not a seed: give an integer from 0 to {2**32 - 1}")
    return value


def label_list(text: str) -> tuple[str, ...]:
    """`--labels a,b,c`: two label names or more, each once and none empty."""
    names = tuple(n.strip() for n in text.split(","))
    if len(names) < 2 or not all(names) or len(set(names)) != len(names):
        raise argparse.ArgumentTypeError(f"{text!r}: give two labels or more, comma-separated, each once "
                                         "(e.g. deterrence,escalation,reassurance,none)")
    return names


def _run(name: str):
    """The handler `experiments.annotate.commands.<name>`, imported when the subcommand runs."""
    def run(args) -> int:
        # start-up: the commands import scikit-learn; `stancelab --help` must not pay for it
        return getattr(importlib.import_module("experiments.annotate.commands"), name)(args)
    return run


def add_parser(sub) -> None:
    """Register `annotate` and its subcommands on the main parser's subparsers."""
    p = sub.add_parser("annotate", help="draw passages to label, check sheets, agreement, merge label files")
    asub = p.add_subparsers(dest="annotate_command", required=True, metavar="ACTION")
    s = asub.add_parser("sample", help="write a sheet of passages to label, drawn by a seeded strategy")
    s.add_argument("config")
    s.add_argument("--n", type=int, required=True, help="number of passages")
    s.add_argument("--strategy", choices=STRATEGIES, required=True)
    s.add_argument("--seed", type=seed, help="random seed (default: [experiment] random_state)")
    s.add_argument("--exclude", nargs="*", default=[], metavar="LABELFILE",
                   help="label files or sheets: their ids are not drawn; their labels train `uncertainty`")
    s.add_argument("--annotators", help="comma-separated names: one sheet per annotator, FILE_<name>.csv")
    s.add_argument("--split", choices=("alternate", "blocks"), default="alternate",
                   help="alternate: positions dealt in turn; blocks: consecutive blocks (default: alternate)")
    s.add_argument("--out", help="sheet file (default: standard output)")
    s.add_argument("--force", action="store_true", help="replace an --out sheet that holds labels or notes")
    s.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a config value")
    s.set_defaults(func=_run("cmd_sample"))
    s = asub.add_parser("second-pass", help="sheet of a random share of labelled passages, without their labels")
    s.add_argument("config")
    s.add_argument("labelfiles", nargs="+", metavar="LABELFILE")
    s.add_argument("--fraction", type=float, default=0.1, help="share of the labelled passages (default 0.1)")
    s.add_argument("--seed", type=seed, help="random seed (default: [experiment] random_state)")
    s.add_argument("--out", help="sheet file (default: standard output)")
    s.add_argument("--force", action="store_true", help="replace an --out sheet that holds labels or notes")
    s.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a config value")
    s.set_defaults(func=_run("cmd_second_pass"))
    c = asub.add_parser("check", help="validate filled sheets against the codebook labels")
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--labels", type=label_list, help="comma-separated label set (default: the codebook's four labels)")
    c.set_defaults(func=_run("cmd_check"))
    a = asub.add_parser("agree", help="agreement between two annotators on the passages both labelled")
    a.add_argument("file_a", metavar="FILE_A")
    a.add_argument("file_b", metavar="FILE_B")
    a.add_argument("--labels", type=label_list, help="comma-separated label set (default: the codebook's four labels)")
    a.add_argument("--json", help="also write the figures as JSON")
    a.set_defaults(func=_run("cmd_agree"))
    m = asub.add_parser("merge", help="merge batch label files batch<B>_<annotator>.csv into one file")
    m.add_argument("files", nargs="+", metavar="LABELFILE")
    m.add_argument("--out", required=True)
    m.add_argument("--labels", type=label_list, help="comma-separated label set (default: the codebook's four labels)")
    m.set_defaults(func=_run("cmd_merge"))
