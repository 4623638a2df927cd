"""The `stancelab` command: run experiments, verify, report and plot saved runs, show segments.

Errors the user can fix (bad config, bad corpus, unwritable results, full disk) print one line and exit
with status 2, Ctrl-C exits with 130, an unforeseen error (a bug) prints one line and exits with 1;
`--debug` shows the traceback instead. The catalogue of messages: docs/ERRORS.md.
"""
from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

from experiments import errors, startup
from experiments.annotate.parser import add_parser as add_annotate
from experiments.output.tables import markdown
from experiments.run import layout
from experiments.run.catalog import runs_table, summarise
from experiments.run.compare import compare_runs
from experiments.run.sweep import check_names, expand, named_by_sweep

CONFIG_DIR = Path(__file__).parent / "configs"
SET_HELP = ("override a config value, e.g. --set topics.n_clusters=6 (a TOML value; repeat --set for several "
            """keys); a list in TOML, quoted for the shell: --set 'evaluation.protocols=["grouped_cv", """
            """"repeated_cv"]'; one value for a list key is a one-item list: --set evaluation.protocols=grouped_cv""")


class VersionAction(argparse.Action):
    """`--version`: the installed version, looked up when asked, not while the parser is built
    (importlib.metadata and the package metadata would cost every command 0.04 s of start-up)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs):
        super().__init__(option_strings, dest, default=argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"stancelab {version('stancelab')}")
        except PackageNotFoundError:  # run from a checkout that was never installed
            print("stancelab unknown (not installed)")
        parser.exit()


def reference_configs() -> list[Path]:
    """The reference configs run by `stancelab run` with no argument: the seeds experiments."""
    return sorted(CONFIG_DIR.glob("seeds_*.toml"))


def cmd_run(args) -> int:
    """Validate every config first, then run each one into results/<name>/ (report.md and .html included).

    With --sweep, each config runs once per value (every combination of several sweeps), each run named
    <name>.<key>-<value>, and a table of their headlines is printed at the end.
    """
    from experiments.config import schema as cfg  # start-up: the command modules load here, when they run,
    from experiments.run.runner import check_destination, run  # so that `stancelab --help` loads no sklearn

    paths = [Path(p) for p in args.configs] or reference_configs()
    jobs = []  # (config path, overrides, config), all checked before any work starts
    for path in paths:
        config = cfg.load(path, args.set)
        if not args.sweep:
            jobs.append((path, list(args.set), config))
            continue
        for name, sets in expand(args.sweep, config.experiment.name, args.set):
            overrides = [*args.set, *sets, f'experiment.name="{name}"']
            with named_by_sweep(args.sweep):
                jobs.append((path, overrides, cfg.load(path, overrides)))
    check_names(jobs)
    for path, _, config in jobs:
        check_destination(config, path, args.results)
    errors.check_results_folder(args.results)
    written = []
    for path, overrides, config in jobs:
        with errors.writing_run(Path(args.results) / config.experiment.name), errors.fitting(path):
            folder = run(config, str(path), args.results, overrides)
        written.append(folder)
        if not args.quiet:
            print(f"wrote {folder}")
    if args.sweep:
        print(markdown(["run", "headline"], [[f.name, summarise(f).headline] for f in written]))
    return 0


def cmd_check(args) -> int:
    """Run every config and data check of each config and print its plan, fitting nothing."""
    startup.numpy_without_blas_threads()  # a check multiplies no matrix: BLAS threads would only spin (0.08 CPU s)
    from experiments.config import schema as cfg  # start-up: loaded when the command runs, as in cmd_run

    for path in args.configs:
        config = cfg.load(path, args.set)
        print(f"{path}: {config.experiment.name}")
        if config.stance is not None:  # only a stance plan needs scikit-learn (its splitters): imported here
            from experiments.stance.check import plan_lines

            with errors.fitting(path):  # a data check that fails names the config
                print("\n".join(f"  {line}" for line in plan_lines(config)))
    return 0


def cmd_runs(args) -> int:
    """A table of the saved runs of a results folder: name, date, corpus, steps, headline."""
    print(runs_table(Path(args.folder)), end="")
    return 0


def cmd_compare(args) -> int:
    """How two saved runs differ: scores with both intervals, then the settings that differ."""
    # metrics and config only: the tables are not compared
    print(compare_runs(run_folder(args.run_a, tables=False), run_folder(args.run_b, tables=False)), end="")
    return 0


def run_folder(path: str, tables: bool = True) -> Path:
    """A saved run folder named on the command line, checked whole (experiments/run/savedrun.py), or a
    one-line user error naming the missing or damaged files."""
    from experiments.run import savedrun

    return savedrun.check(path, tables)


def cmd_verify(args) -> int:
    """Rerun each saved run from its own config; exit 1 listing what differs."""
    from experiments.run.verify import count_leaves, verify  # start-up (see cmd_run)

    status = 0
    for path in args.runs:
        folder = run_folder(path, tables=False)  # verify compares the tables with its rerun
        differences, changed = verify(folder)
        if differences:
            status = 1
            print(f"{folder}: {len(differences)} difference(s) between the saved run and a rerun:")
            print("\n".join(f"  {d}" for d in differences))
            print("".join(f"  input changed since the run: {f}\n" for f in changed), end="")
        elif not args.quiet:
            n = count_leaves(json.loads((folder / layout.METRICS).read_text(encoding="utf-8")))
            print(f"{folder}: all {n} metric values and every table match a fresh rerun")
        if missing := layout.missing_reports(folder):  # saved before report.html existed: not a difference
            print(f"{folder}: note: no {' or '.join(missing)}; write it from the saved run with "
                  f"`stancelab report {folder}`")
    return status


def cmd_report(args) -> int:
    """(Re)write report.md and report.html of saved runs from what they saved."""
    from experiments.output.report import write_report  # start-up (see cmd_run)

    return rewrite(args, write_report)


def cmd_plot(args) -> int:
    """Redraw the figures of saved runs from their saved results (no model is refitted)."""
    from experiments.output.figures.redraw import redraw  # start-up: matplotlib (see cmd_run)

    return rewrite(args, redraw)


def rewrite(args, write) -> int:
    """Write files of each saved run from what it saved (`write`: its report, its figures), naming them."""
    from experiments.run.savedrun import reading

    for path in args.runs:
        if (figures := Path(path) / "figures").is_symlink():  # figures are written inside the run, never elsewhere
            raise errors.RunError(f"{figures}: a symbolic link; the figures are redrawn inside the run folder "
                                  "only: remove the link, then run again")
        with reading(folder := run_folder(path)):  # a hand-edited metrics.json: one line, not a bug report
            written = write(folder)
        print("".join(f"wrote {w}\n" for w in written if not args.quiet), end="")
    return 0


def cmd_segments(args) -> int:
    """Print the segments of a corpus as CSV: a folder of articles, or the corpus a config names (--config)."""
    from experiments.corpus.preview import print_segments  # start-up (see cmd_run)

    print_segments(args.folder, args.config, args.unit, args.set)
    return 0


def cmd_predict(args) -> int:
    """Label new texts with a saved stance model (experiments/stance/predict.py)."""
    from experiments.stance.predict import run as predict  # start-up (see cmd_run)

    written = predict(args.model, args.inputs, args.out, args.summary, args.top, args.empty)
    if not args.quiet:
        print("".join(f"wrote {p}\n" for p in written), end="", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = errors.OneLineParser(prog="stancelab", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--version", action=VersionAction, help="show program's version number and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    talk = argparse.ArgumentParser(add_help=False)
    loud = talk.add_mutually_exclusive_group()
    loud.add_argument("--quiet", "-q", action="store_true", help="print nothing but warnings and errors")
    loud.add_argument("--verbose", "-v", action="store_true", help="also print details (timings, settings)")
    p = sub.add_parser("run", parents=[talk],
                       help="run experiment configs (default: the reference configs on the seeds)")
    p.add_argument("configs", nargs="*", metavar="CONFIG")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=SET_HELP)
    p.add_argument("--results", default="results", help="folder of run folders (default: results)")
    p.add_argument("--sweep", action="append", default=[], metavar="KEY=A,B,C",
                   help="one run per value, e.g. --sweep logreg.C=0.1,1,10 (repeat for every combination)")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("check", help="check configs and their data and print what a run would do, fitting nothing")
    p.add_argument("configs", nargs="+", metavar="CONFIG")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a config value")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("runs", help="list the saved runs of a results folder with their headline score")
    p.add_argument("folder", nargs="?", default="results", metavar="DIR", help="default: results")
    p.set_defaults(func=cmd_runs)
    p = sub.add_parser("compare", help="compare two saved runs: scores with intervals, settings that differ")
    p.add_argument("run_a", metavar="RUN_A")
    p.add_argument("run_b", metavar="RUN_B")
    p.set_defaults(func=cmd_compare)
    for name, func, text in (("verify", cmd_verify, "rerun saved runs from their config; exit 1 if a metric differs"),
                             ("report", cmd_report, "write report.md and report.html of saved runs"),
                             ("plot", cmd_plot, "redraw the figures of saved runs from their saved results")):
        p = sub.add_parser(name, parents=[talk], help=text)
        p.add_argument("runs", nargs="+", metavar="RUN", help="a run folder, e.g. results/seeds_stance")
        p.set_defaults(func=func)
    p = sub.add_parser("segments", help="print the segments of a folder of articles, or of the corpus a config "
                       "names (--config), as CSV")
    p.add_argument("folder", nargs="?", metavar="FOLDER", help="a folder of article files")
    p.add_argument("--config", metavar="FILE", help="read the corpus this config names (a table, a folder, ...) "
                   "with its [corpus] and [segments] settings")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="with --config: " + SET_HELP)
    p.add_argument("--unit", choices=("sentence", "paragraph", "document"), default=None,
                   help="segment unit (default: sentence, or the config's [segments] unit)")
    p.set_defaults(func=cmd_segments)
    p = sub.add_parser("predict", parents=[talk], help="label new texts with a saved stance model")
    p.add_argument("model", metavar="MODEL",
                   help=f"a {layout.MODEL} written by a stance run (its card {layout.MODEL_CARD} beside it)")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="article .txt files, folders, or CSV/TSV/JSONL "
                   "tables with a text column (and an id column, kept as is)")
    p.add_argument("--out", help="predictions CSV (default: standard output)")
    p.add_argument("--summary", nargs="?", const="-", metavar="FILE", help="per-article summary CSV "
                   "(default with --out: OUT.summary.csv; --summary alone or '-': standard output, which then "
                   "holds the summary only when there is no --out)")
    p.add_argument("--top", type=int, default=5, help="n-grams listed per prediction (default: 5)")
    p.add_argument("--empty", choices=("skip", "error"), default="skip", help="table rows with empty text: "
                   "skip them, counted in a warning (default), or stop at the first one")
    p.set_defaults(func=cmd_predict)
    add_annotate(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    with errors.sigterm_as_interrupt():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    from experiments.run.progress import NORMAL, QUIET, VERBOSE, configure  # start-up: after --help

    quiet, verbose = getattr(args, "quiet", False), getattr(args, "verbose", False)
    configure(QUIET if quiet else VERBOSE if verbose else NORMAL)
    if args.func not in (cmd_check, cmd_runs, cmd_compare, cmd_segments):  # those start no process pool
        from experiments.run.workers import start_workers_deaf_to_interrupts
        start_workers_deaf_to_interrupts()
    warnings.formatwarning = errors.console_warnings()
    try:
        return args.func(args)
    except BrokenPipeError:  # `stancelab segments seeds | head` closed the pipe: not an error
        sys.stderr.close()
        return 0
    except (Exception, KeyboardInterrupt) as err:
        if args.debug:
            raise
        if isinstance(err, KeyboardInterrupt):
            errors.quiet_threads()
            message = errors.interrupted_line(err)
        else:
            message = errors.bug_line(err) if errors.is_bug(err) else errors.one_line(err)
        print(f"error: {message}", file=sys.stderr)
        return errors.exit_status(err)


if __name__ == "__main__":
    sys.exit(main())
