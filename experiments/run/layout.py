"""The names of the files in a run folder, in one place: every module that writes or reads a run uses these.

    results/<experiment>/
        config.toml     the resolved config the run was made with (`stancelab verify` reruns it)
        metrics.json    every number of the run (deterministic)
        manifest.json   provenance: code version, environment, input hashes, times (varies between runs)
        run.log         what the run printed, with timings (varies between runs)
        report.md       methods, results, tables and figures, rendered from the files above
        report.html     the same report as one self-contained web page (figures embedded)
        model.skops     the final stance model, with its card model.json beside it
        tables/         CSV tables (numbers) and their Markdown/LaTeX versions
        figures/        PNG and PDF figures, drawn from the saved results only

The folders around the run (`.previous/` history, staging folders) are `experiments.run.rundir`'s.
"""
from __future__ import annotations

from pathlib import Path

from features.errors import ConfigError

CONFIG = "config.toml"
METRICS = "metrics.json"
MANIFEST = "manifest.json"
LOG = "run.log"
REPORT = "report.md"
REPORT_HTML = "report.html"
MODEL = "model.skops"
MODEL_CARD = "model.json"
TABLES = "tables"
FIGURES = "figures"
HISTORY = ".previous"  # results/.previous/<experiment>/<stamp>/: the runs a newer run replaced


REPORTS = (REPORT, REPORT_HTML)  # rendered from the saved files: `stancelab report RUN` rewrites them
WRITTEN_LAST = (MANIFEST, *REPORTS)  # written after the manifest that lists the run's files


def run_files(run_dir: str | Path) -> list[str]:
    """The files of a run folder being written (relative to it, sorted), with those written after the manifest.

    Illustration: run_files(staging folder of seeds_topics)
             -> ["config.toml", "figures/ksweep.pdf", …, "manifest.json", "metrics.json", "report.html", …]
    """
    present = {p.relative_to(run_dir).as_posix() for p in Path(run_dir).rglob("*") if p.is_file()}
    return sorted(present | set(WRITTEN_LAST))


def missing_reports(run_dir: str | Path) -> list[str]:
    """The report files a saved run lacks (a run saved before report.html existed).

    >>> missing_reports("experiments/configs")
    ['report.md', 'report.html']
    """
    return [name for name in REPORTS if not (Path(run_dir) / name).is_file()]


def tables(run_dir: str | Path) -> Path:
    """The folder of a run's tables.

    >>> tables("results/seeds_stance").as_posix()
    'results/seeds_stance/tables'
    """
    return Path(run_dir) / TABLES


def figures(run_dir: str | Path) -> Path:
    """The folder of a run's figures.

    >>> figures("results/seeds_topics").as_posix()
    'results/seeds_topics/figures'
    """
    return Path(run_dir) / FIGURES


def is_run(folder: str | Path) -> bool:
    """Whether a folder holds a saved run (its resolved config and its metrics)."""
    return (Path(folder) / CONFIG).is_file() and (Path(folder) / METRICS).is_file()


def run_folder(path: str | Path) -> Path:
    """A saved run folder named by the user, or a one-line user error saying what a run folder holds."""
    if not is_run(path):
        raise ConfigError(f"{path}: not a run folder (needs {CONFIG} and {METRICS}); "
                          "give a folder written by `stancelab run`, e.g. results/seeds_stance")
    return Path(path)
