"""report.md and report.html of a run folder: methods, metric tables, saved tables, figures and provenance.

The report is rendered from what the run saved (config.toml, metrics.json, tables/, figures/,
manifest.json) and never recomputes anything, so `stancelab report RUN` works on any saved run. Metric
tables are found generically: every dict in metrics.json that holds numbers becomes a table row, so new
steps appear in the report without changes here. Both files are rendered from one list of blocks
(experiments/output/document.py), the HTML page with its figures embedded (experiments/output/report_html.py).
"""
from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path

from experiments.output.captions import caption
from experiments.output.caveats import caveats, sig
from experiments.output.document import Figure, Heading, Items, Table, Text, markdown_text
from experiments.output.methods import methods_paragraph, settings_table
from experiments.output.report_html import html_text
from experiments.output.stance_tables import SCORE_HEADER, score_text_rows
from experiments.output.tables import read_rows
from experiments.run import layout
from features.atomic import write_text

MAX_ROWS = 20  # longer CSV tables are shown by their first rows and linked in full


def _scalar(v) -> bool:
    return isinstance(v, (int, float, str, bool)) or v is None


def _cell(v) -> str:
    """A metric as table text: floats to 3 significant digits, {mean, std} as mean ± std, short lists joined.

    >>> _cell({"mean": 0.5, "std": None}), _cell(0.123456789)
    ('0.5 ± n/a', '0.123')
    """
    if isinstance(v, float):
        return sig(v)
    if isinstance(v, dict) and set(v) == {"mean", "std"}:  # None: undefined (e.g. ARI between seeds of one seed)
        return " ± ".join("n/a" if x is None else sig(x) for x in (v["mean"], v["std"]))
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


def metric_tables(metrics: dict) -> list[Table]:
    """One table per metrics section and column set."""
    groups: dict[tuple, list] = {}
    for path, cells in metric_rows(metrics):
        groups.setdefault((path[:1], tuple(cells)), []).append((path[1:], cells))
    return [Table(["", *columns], [[" / ".join(p) or "—", *(_cell(c[k]) for k in columns)] for p, c in rows],
                  title=" / ".join(section) or "metrics")
            for (section, columns), rows in groups.items()]


def _number(text: str) -> str:
    """A CSV cell as the report shows it: decimals to 3 significant digits, any other text as written.

    >>> _number("0.30210725"), _number("15"), _number("logreg")
    ('0.302', '15', 'logreg')
    """
    try:
        return sig(float(text)) if "." in text or "e-" in text else text
    except ValueError:
        return text


def csv_section(path: Path, run_dir: Path) -> list:
    """A saved CSV table: in full when short, else its first rows and where the full table is."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [[_number(c) for c in r] for r in rows[1:]]
    note = "" if len(body) <= MAX_ROWS else f"First {MAX_ROWS} of {len(body)} rows. "
    source = path.relative_to(run_dir).as_posix()
    return [Heading(path.stem, 3), Table(header, body[:MAX_ROWS], note=note, source=source)]


def provenance(manifest: dict) -> Items:
    """Where the numbers came from: config, environment, inputs. What changes between two runs of one config
    (the commit, the times) is left to manifest.json, so that rerunning a committed run rewrites no report."""
    libs = ", ".join(f"{k} {v}" for k, v in sorted((manifest.get("libraries") or {}).items()) if v)
    overrides = ", ".join(f"`{o}`" for o in manifest.get("overrides", [])) or "none"
    return Items([
        f"config: `{manifest.get('config')}` (resolved config SHA-256 `{manifest.get('config_sha256', '?')}`),"
        f" overrides: {overrides}",
        f"Python {manifest.get('python')}; {libs}",
        f"{len(manifest.get('inputs', {}))} input files; their SHA-256, the code's git commit, the machine and "
        f"the run's times in `{layout.MANIFEST}`",
    ])


def blocks(run_dir: str | Path) -> list:
    """The report of a saved run as blocks (experiments/output/document.py), read from its files only."""
    run_dir = Path(run_dir)
    config = tomllib.loads((run_dir / layout.CONFIG).read_text(encoding="utf-8"))
    metrics = json.loads((run_dir / layout.METRICS).read_text(encoding="utf-8"))
    manifest_path = run_dir / layout.MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    exp = config["experiment"]
    scores = layout.tables(run_dir) / "scores.csv"  # its rows in the config's order of protocols and models
    scored = scores.is_file() and "protocols" in metrics.get("stance", {})
    order = list(dict.fromkeys((r["protocol"], r["model"]) for r in read_rows(scores))) if scored else []
    stance = [Table(SCORE_HEADER, score_text_rows(metrics["stance"], order, sig), title="stance", role="headline",
                    caption="(value ± std over repeats [95% bootstrap interval]; every number in metrics.json)")
              ] if scored else []
    rest = {k: v for k, v in metrics.items() if not (k == "stance" and stance)}
    notes = caveats(metrics)
    parts = [Heading(exp["name"], 1), Text(exp.get("description", "")), Heading("Methods"),
             Text(methods_paragraph(config, metrics)), Heading("Results"), *stance, *metric_tables(rest)]
    parts += [Heading("Caveats"), Text(notes)] if notes else []
    tables = sorted(layout.tables(run_dir).glob("*.csv"))
    parts += [Heading("Tables"), *(b for p in tables for b in csv_section(p, run_dir))] if tables else []
    figures = sorted(layout.figures(run_dir).glob("*.png"))
    parts += [Heading("Figures")] if figures else []
    parts += [Figure(png.relative_to(run_dir).as_posix(), caption(png.stem, i)) for i, png in enumerate(figures, 1)]
    return parts + [Heading("Settings"), settings_table(config), Heading("Provenance"), provenance(manifest)]


def render(run_dir: str | Path) -> str:
    """The Markdown text of a run's report."""
    return markdown_text(blocks(run_dir))


def render_html(run_dir: str | Path) -> str:
    """The self-contained HTML page of a run's report (figures embedded)."""
    config = tomllib.loads((Path(run_dir) / layout.CONFIG).read_text(encoding="utf-8"))
    return html_text(blocks(run_dir), run_dir, config["experiment"]["name"])


def write_report(run_dir: str | Path) -> list[Path]:
    """Write `report.md` and `report.html` into the run folder, each whole or not at all; returns their paths.

    Illustration: write_report("results/seeds_stance")
             -> [Path("results/seeds_stance/report.md"), Path("results/seeds_stance/report.html")]
    """
    run_dir = Path(run_dir)
    return [write_text(run_dir / layout.REPORT, render(run_dir)),
            write_text(run_dir / layout.REPORT_HTML, render_html(run_dir))]
