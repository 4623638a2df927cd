"""`stancelab runs [DIR]`: the saved runs of a results folder as a table, newest first.

One row a run: its name, when it ended, the corpus it read, the steps it ran and its headline score
(experiments.run.headline). A folder counts as a run when it holds config.toml and metrics.json; hidden
folders (staging, .previous history) are skipped.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from experiments.output.tables import markdown
from experiments.run import layout
from experiments.run.headline import headline
from features.errors import PARSE_LIMITS, UserError, parse_reason

STEPS = ("stance", "topics", "selection")


@dataclass(frozen=True)
class RunSummary:
    name: str
    ended: str
    corpus: str
    steps: str
    headline: str


def read_json(path: Path) -> dict:
    """A saved JSON file, or a one-line user error naming it when it is not valid JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, *PARSE_LIMITS) as err:  # JSONDecodeError is a ValueError
        raise UserError(f"{path}: not valid JSON ({parse_reason(err)}); rerun the experiment to rewrite it") from None


def summarise(folder: Path) -> RunSummary:
    """The row of one run folder.

    Illustration: summarise(Path("results/seeds_topics")).headline -> "k = 6, silhouette 0.109 ± 0.0155, …"
    """
    metrics = read_json(folder / layout.METRICS)
    try:
        config = tomllib.loads((folder / layout.CONFIG).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise UserError(f"{folder / layout.CONFIG}: not valid TOML ({err})") from None
    manifest = folder / layout.MANIFEST
    ended = read_json(manifest).get("ended", "") if manifest.is_file() else ""
    steps = ", ".join(s for s in STEPS if s in metrics)
    corpus = str(config.get("corpus", {}).get("path", ""))
    return RunSummary(folder.name, ended[:16].replace("T", " "), corpus, steps, headline(metrics))


def find_runs(root: Path) -> list[Path]:
    """Run folders directly under `root` (not hidden), sorted by name."""
    if not root.is_dir():
        raise UserError(f"{root}: not a folder; give the folder that holds run folders (default: results)")
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and layout.is_run(p))


def runs_table(root: Path) -> str:
    """The Markdown table of every run under `root`, newest first (runs without a manifest last)."""
    rows = sorted((summarise(p) for p in find_runs(root)), key=lambda r: (r.ended, r.name), reverse=True)
    if not rows:
        return f"{root}: no run folder (a folder with config.toml and metrics.json)\n"
    return markdown(["run", "ended (UTC)", "corpus", "steps", "headline"],
                    [[r.name, r.ended, r.corpus, r.steps, r.headline] for r in rows]) + "\n"
