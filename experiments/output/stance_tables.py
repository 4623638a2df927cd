"""Score tables of the stance experiment as CSV (numbers), Markdown and LaTeX booktabs (for reading and papers).

The CSV keeps one column per number (value, std over repeats, interval bounds) for other programs; the
Markdown and LaTeX versions show "0.62 ± 0.05 [0.41, 0.80]" cells, one row per protocol and model.
"""
from __future__ import annotations

from pathlib import Path

from experiments.output.tables import write_latex, write_markdown, write_rows

SCORES = ("macro_f1", "accuracy", "balanced_accuracy", "kappa")
TITLES = {"macro_f1": "macro-F1", "accuracy": "accuracy", "balanced_accuracy": "balanced acc.", "kappa": "kappa",
          "precision": "precision", "recall": "recall", "f1": "F1"}
TEXT_COLUMNS = ("protocol", "model", "kind", "label")  # left-aligned in LaTeX; the score columns are numbers


def two_decimals(x: float) -> str:
    return f"{x:.2f}"


def cell(entry: dict | None, with_std: bool, number=two_decimals) -> str:
    """One score as text: value, ± std when there are repeats, and the bootstrap interval; `number` formats
    each number (two decimals in scores.md, 3 significant digits in the report).

    >>> cell({"value": 0.6, "std": 0.05, "ci_low": 0.4, "ci_high": 0.8}, True)
    '0.60 ± 0.05 [0.40, 0.80]'
    """
    if not entry or entry.get("value") is None:
        return "n/a"
    text = number(entry["value"])
    if with_std:
        text += f" ± {number(entry['std'])}" if entry.get("std") is not None else ""
    if entry.get("ci_low") is not None:
        text += f" [{number(entry['ci_low'])}, {number(entry['ci_high'])}]"
    return text


def write_all(stem: Path, header: list[str], csv_rows, text_header: list[str], text_rows) -> list[Path]:
    """stem.csv (numbers), stem.md and stem.tex (formatted cells)."""
    return [write_rows(stem.with_suffix(".csv"), header, csv_rows),
            write_markdown(stem.with_suffix(".md"), text_header, text_rows),
            write_latex(stem.with_suffix(".tex"), text_header, text_rows, left=TEXT_COLUMNS)]


SCORE_HEADER = ["protocol", "model"] + [TITLES[k] for k in SCORES]  # of scores.md and the report's table


def score_text_rows(stance: dict, order=None, number=two_decimals) -> list[list[str]]:
    """The rows of scores.md (and of the report's headline table): one per protocol and model, formatted cells,
    in the order of `order` ((protocol, model) pairs: a saved metrics.json has its keys sorted) if given.

    >>> entry = {"value": 0.5, "std": 0.0, "ci_low": 0.25, "ci_high": 0.75}
    >>> score_text_rows({"protocols": {"loao": {"n_repeats": 1, "results": {"svm": {"scores": {
    ...     k: entry for k in SCORES}}}}}})[0][:3]
    ['loao', 'svm', '0.50 [0.25, 0.75]']
    """
    protocols = stance["protocols"]
    order = order or [(protocol, name) for protocol, p in protocols.items() for name in p["results"]]
    return [[protocol, name] + [cell(protocols[protocol]["results"][name]["scores"][k],
                                     protocols[protocol]["n_repeats"] > 1, number) for k in SCORES]
            for protocol, name in order]


HEADLINE_HEADER = ["protocol", "kind", "model"] + [TITLES[k] for k in SCORES]  # the report's results table


def ranked(stance: dict, protocols=None) -> list[tuple[str, str]]:
    """(protocol, name) pairs of the report's results table: per protocol (in `protocols` order, else as saved),
    the models by headline score, best first, then the baselines by score; ties by name.

    >>> res = {"svm": {"kind": "model", "scores": {"macro_f1": {"value": 0.4}}},
    ...        "nb": {"kind": "model", "scores": {"macro_f1": {"value": 0.5}}},
    ...        "keyword": {"kind": "baseline", "scores": {"macro_f1": {"value": 0.6}}}}
    >>> ranked({"protocols": {"cv": {"results": res}}})
    [('cv', 'nb'), ('cv', 'svm'), ('cv', 'keyword')]
    """
    out = []
    for protocol in protocols or stance["protocols"]:
        results = stance["protocols"][protocol]["results"]

        def key(name, results=results):
            value = results[name]["scores"]["macro_f1"].get("value")
            return (results[name]["kind"] == "baseline", -(value if value is not None else -1.0), name)
        out += [(protocol, name) for name in sorted(results, key=key)]
    return out


def headline_rows(stance: dict, protocols=None, number=two_decimals) -> list[list[str]]:
    """The rows of the report's results table (HEADLINE_HEADER), in `ranked` order."""
    order = ranked(stance, protocols)
    rows = score_text_rows(stance, order, number)
    return [[p, stance["protocols"][p]["results"][m]["kind"], m, *cells] for (p, m), (_, _, *cells)
            in zip(order, rows, strict=True)]


def score_tables(stance: dict, folder: Path) -> list[Path]:
    """scores.{csv,md,tex} (summary scores) and per_class.{csv,md,tex} from the stance metrics."""
    header = ["protocol", "model", "kind", "score", "value", "std", "ci_low", "ci_high"]
    rows, pc_rows, pc_text = [], [], []
    for protocol, p in stance["protocols"].items():
        repeated = p["n_repeats"] > 1
        for name, r in p["results"].items():
            s = r["scores"]
            rows += [[protocol, name, r["kind"], k, *(s[k].get(f) for f in ("value", "std", "ci_low", "ci_high"))]
                     for k in SCORES]
            for label, c in s["per_class"].items():
                pc_rows += [[protocol, name, r["kind"], label, k,
                             *(c[k].get(f) for f in ("value", "std", "ci_low", "ci_high")), c["support"]]
                            for k in ("precision", "recall", "f1")]
                pc_text.append([protocol, name, label] + [cell(c[k], repeated) for k in ("precision", "recall", "f1")]
                               + [str(c["support"])])
    out = write_all(folder / "scores", header, rows, SCORE_HEADER, score_text_rows(stance))
    return out + write_all(folder / "per_class", header[:3] + ["label"] + header[3:] + ["support"], pc_rows,
                           ["protocol", "model", "label", "precision", "recall", "F1", "support"], pc_text)
