"""report.md of a run folder: methods, metric tables, saved tables, figures and provenance.

The report is rendered from what the run saved (config.toml, metrics.json, tables/, figures/,
manifest.json) and never recomputes anything, so `stancelab report RUN` works on any saved run. Metric
tables are found generically: every dict in metrics.json that holds numbers becomes a table row, so new
steps appear in the report without changes here.
"""
from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path

from experiments.output.methods import methods_paragraph
from experiments.output.tables import markdown
from experiments.run import layout
from features.atomic import write_text

MAX_ROWS = 20  # longer CSV tables are shown by their first rows and linked in full


def _scalar(v) -> bool:
    return isinstance(v, (int, float, str, bool)) or v is None


def _cell(v) -> str:
    """A metric as table text: floats to 3 decimals, {mean, std} as mean ± std, short lists joined.

    >>> _cell({"mean": 0.5, "std": None})
    '0.500 ± n/a'
    """
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, dict) and set(v) == {"mean", "std"}:  # None: undefined (e.g. ARI between seeds of one seed)
        return " ± ".join("n/a" if x is None else f"{x:.3f}" for x in (v["mean"], v["std"]))
    if isinstance(v, list):
        return ", ".join(map(_cell, v))
    return str(v)


def _cellable(v) -> bool:
    """Whether a value fits in one table cell (a number, a mean ± std, a short flat list)."""
    if isinstance(v, dict):
        return set(v) == {"mean", "std"}
    if isinstance(v, list):
        return len(v) <= 12 and all(_scalar(x) for x in v)
    return _scalar(v)


def metric_rows(metrics: dict, path: tuple = ()) -> list[tuple[tuple, dict]]:
    """Flatten nested metrics into (path, {column: value}) rows.

    A dict with cell values is a row; its children that are dicts of cell values become columns
    ("f1 none"); other children are rows of their own. Matrices (lists of lists) are left to the figures.
    Illustration: metric_rows({"stance": {"loao": {"logreg": {"accuracy": 0.5, "f1": {"none": 0.4}}}}})
             -> [(("stance", "loao", "logreg"), {"accuracy": 0.5, "f1 none": 0.4})]
    """
    cells = {k: v for k, v in metrics.items() if _cellable(v)}
    children = {k: v for k, v in metrics.items() if isinstance(v, dict) and k not in cells}
    rows = []
    if cells:
        for k, v in list(children.items()):
            if all(_cellable(x) and not isinstance(x, dict) for x in v.values()):
                cells.update({f"{k} {sub}": x for sub, x in v.items()})
                del children[k]
        rows.append((path, cells))
    for k, v in children.items():
        rows += metric_rows(v, path + (k,))
    return rows


def metric_tables(metrics: dict) -> list[str]:
    """One Markdown table per metrics section and column set."""
    groups: dict[tuple, list] = {}
    for path, cells in metric_rows(metrics):
        groups.setdefault((path[:1], tuple(cells)), []).append((path[1:], cells))
    out = []
    for (section, columns), rows in groups.items():
        title = f"**{' / '.join(section) or 'metrics'}**"
        body = [[" / ".join(p) or "—", *(_cell(c[k]) for k in columns)] for p, c in rows]
        out.append(f"{title}\n\n" + markdown(["", *columns], body))
    return out


def csv_section(path: Path, run_dir: Path) -> str:
    """A saved CSV table as Markdown: in full when short, else its first rows and a link."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    note = "" if len(body) <= MAX_ROWS else f"First {MAX_ROWS} of {len(body)} rows. "
    link = f"{note}Full table: [`{path.relative_to(run_dir)}`]({path.relative_to(run_dir)})."
    return f"### {path.stem}\n\n{markdown(header, body[:MAX_ROWS])}\n\n{link}"


def provenance(manifest: dict) -> str:
    """Where the numbers came from: code version, environment, inputs, time."""
    git = manifest.get("git") or {}
    commit = git.get("commit") or "unknown (not a git checkout)"
    dirty = " with uncommitted changes" if git.get("dirty") else ""
    libs = ", ".join(f"{k} {v}" for k, v in sorted((manifest.get("libraries") or {}).items()) if v)
    overrides = ", ".join(f"`{o}`" for o in manifest.get("overrides", [])) or "none"
    return "\n".join([
        f"- config: `{manifest.get('config')}` (resolved config SHA-256 `{manifest.get('config_sha256', '?')}`),"
        f" overrides: {overrides}",
        f"- code: git commit `{commit}`{dirty}",
        f"- Python {manifest.get('python')} on {manifest.get('platform')}; {libs}",
        f"- {len(manifest.get('inputs', {}))} input files, SHA-256 in `manifest.json`",
        f"- ran {manifest.get('started')} to {manifest.get('ended')} ({manifest.get('wall_seconds', '?')} s)",
    ])


def render(run_dir: str | Path) -> str:
    """The Markdown text of a run's report."""
    run_dir = Path(run_dir)
    config = tomllib.loads((run_dir / layout.CONFIG).read_text(encoding="utf-8"))
    metrics = json.loads((run_dir / layout.METRICS).read_text(encoding="utf-8"))
    manifest_path = run_dir / layout.MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    exp = config["experiment"]
    scores = layout.tables(run_dir) / "scores.md"  # the stance step's score table, intervals included
    stance = [f"**stance** (value ± std over repeats [95% bootstrap interval]; every number in metrics.json)\n\n"
              f"{scores.read_text(encoding='utf-8').rstrip()}"] if scores.is_file() else []
    rest = {k: v for k, v in metrics.items() if not (k == "stance" and stance)}
    parts = [f"# {exp['name']}", exp.get("description", ""), "## Methods", methods_paragraph(config, metrics),
             "## Results", *stance, *metric_tables(rest)]
    tables = sorted(layout.tables(run_dir).glob("*.csv"))
    parts += ["## Tables", *(csv_section(p, run_dir) for p in tables)] if tables else []
    figures = sorted(layout.figures(run_dir).glob("*.png"))
    parts += ["## Figures"] if figures else []
    for png in figures:
        rel = png.relative_to(run_dir).as_posix()
        parts.append(f"![{png.stem}]({rel})\n\n{png.stem} ([PDF]({Path(rel).with_suffix('.pdf').as_posix()}))")
    parts += ["## Provenance", provenance(manifest)]
    return "\n\n".join(p for p in parts if p) + "\n"


def write_report(run_dir: str | Path) -> Path:
    """Write `report.md` into the run folder; returns its path.

    Illustration: write_report("results/seeds_stance") -> Path("results/seeds_stance/report.md")
    """
    return write_text(Path(run_dir) / layout.REPORT, render(run_dir))  # whole or not at all
