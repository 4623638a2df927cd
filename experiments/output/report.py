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
from experiments.output.stance_tables import HEADLINE_HEADER, headline_rows
from experiments.output.tables import read_rows
from experiments.run import layout
from features.atomic import write_text

MAX_ROWS = 20  # a saved table this short is shown whole; a longer one is named, with its size, and linked
SHOWN_ELSEWHERE = {"scores"}  # the results table above says what scores.csv holds
ABOUT = {  # what a long saved table holds, in words (a table not named here is listed by its name alone)
    "predictions": "the out-of-fold label of every labelled segment, per protocol, repeat and model",
    "corpus_predictions": "the final model's label and probabilities for every segment of the corpus",
    "per_class": "precision, recall and F1 of every class, per protocol and model, with intervals",
    "learning_curve": "macro-F1 against the training size, per model (the learning-curve figure)",
    "top_ngrams": "the n-grams with the largest weight per class in the final model",
    "topic_assignments": "the topic of every segment", "map_2d": "the 2-D map coordinates of every segment",
    "ksweep": "the cluster-quality scores of every k and seed",
    "topic_stance_passages": "the labelled passages of each topic", "representative": "each topic's closest passages",
    "topic_terms": "the top terms of each topic with their weights",
    "topic_distinctive_terms": "the terms most distinctive of each topic",
    "topic_stance": "the stance shares of each topic's labelled passages, with intervals",
    "topic_share_": "the topic share of the segments of each {}",
    "stance_share_": "the predicted stance share of each {}",
    "topic_time_": "each topic's share of the passages per {}, with intervals",
}


def about(stem: str) -> str:
    """What a saved table holds, in words ("" when ABOUT does not say).

    >>> about("stance_share_decade")
    'the predicted stance share of each decade'
    """
    if stem in ABOUT:
        return ABOUT[stem]
    prefix = next((p for p in ABOUT if p.endswith("_") and stem.startswith(p)), None)
    return ABOUT[prefix].format(stem[len(prefix):]) if prefix else ""


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


def tables_section(run_dir: Path) -> list:
    """The saved tables: the short (summary) ones whole, each with its file; the long ones (one row per
    segment, per fold...) listed by file, size and content, never cut to their first rows."""
    shown, listed = [], []
    for path in sorted(layout.tables(run_dir).glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        source = path.relative_to(run_dir).as_posix()
        if path.stem in SHOWN_ELSEWHERE or len(rows) - 1 > MAX_ROWS:
            text = "shown in the results above" if path.stem in SHOWN_ELSEWHERE else about(path.stem)
            listed.append(f"`{source}` ({len(rows) - 1} rows)" + (f": {text}" if text else ""))
            continue
        body = [[_number(c) for c in r] for r in rows[1:]]
        shown += [Heading(path.stem, 3), Table(rows[0], body, source=source)]
    if not shown + listed:
        return []
    more = [Text("Longer tables, in full as CSV files in the run folder:"), Items(listed)] if listed else []
    return [Heading("Tables"), *shown, *more]


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


def results_table(run_dir: Path, config: dict, metrics: dict) -> list[Table]:
    """The stance results table: per protocol, the models by headline score, then the baselines by score."""
    scores = layout.tables(run_dir) / "scores.csv"  # its rows in the config's order of protocols
    if not (scores.is_file() and "protocols" in metrics.get("stance", {})):
        return []
    stance = metrics["stance"]
    protocols = list(dict.fromkeys(r["protocol"] for r in read_rows(scores)))
    level = round(100 * config.get("stance", {}).get("confidence", 0.95))
    name = stance.get("headline_name") or "macro-F1"
    return [Table(HEADLINE_HEADER, headline_rows(stance, protocols, sig), title=f"Stance: {name}", role="headline",
                  caption=f"(value ± std over repeats [{level}% bootstrap interval]; per protocol, the models "
                          "by macro-F1, best first, then the baselines; every number in metrics.json)")]


def blocks(run_dir: str | Path) -> list:
    """The report of a saved run as blocks (experiments/output/document.py), read from its files only."""
    run_dir = Path(run_dir)
    config = tomllib.loads((run_dir / layout.CONFIG).read_text(encoding="utf-8"))
    metrics = json.loads((run_dir / layout.METRICS).read_text(encoding="utf-8"))
    manifest_path = run_dir / layout.MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    exp = config["experiment"]
    stance = results_table(run_dir, config, metrics)
    rest = {k: v for k, v in metrics.items() if not (k == "stance" and stance)}
    notes = caveats(metrics)
    parts = [Heading(exp["name"], 1), Text(exp.get("description", "")), Heading("Methods"),
             Text(methods_paragraph(config, metrics)), Heading("Results"), *stance, *metric_tables(rest)]
    parts += [Heading("Caveats"), Text(notes)] if notes else []
    parts += tables_section(run_dir)
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
