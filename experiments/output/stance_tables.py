"""Score tables of the stance experiment as CSV (numbers), Markdown and LaTeX booktabs (for reading and papers).

The CSV keeps one column per number (value, std over repeats, interval bounds) for other programs; the
Markdown and LaTeX versions show "0.62 ± 0.05 [0.41, 0.80]" cells, one row per protocol and model.
"""
from __future__ import annotations

from pathlib import Path

from experiments.output.tables import write_rows

SCORES = ("macro_f1", "accuracy", "balanced_accuracy", "kappa")
TITLES = {"macro_f1": "macro-F1", "accuracy": "accuracy", "balanced_accuracy": "balanced acc.", "kappa": "kappa",
          "precision": "precision", "recall": "recall", "f1": "F1"}


def cell(entry: dict | None, with_std: bool) -> str:
    """One score as text: value, ± std when there are repeats, and the bootstrap interval.

    Example: cell({"value": 0.6, "std": 0.05, "ci_low": 0.4, "ci_high": 0.8}, True) -> "0.60 ± 0.05 [0.40, 0.80]"
    """
    if not entry or entry.get("value") is None:
        return "n/a"
    text = f"{entry['value']:.2f}"
    if with_std:
        text += f" ± {entry['std']:.2f}" if entry.get("std") is not None else ""
    if entry.get("ci_low") is not None:
        text += f" [{entry['ci_low']:.2f}, {entry['ci_high']:.2f}]"
    return text


def markdown(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows]) + "\n"


def latex(header: list[str], rows: list[list[str]]) -> str:
    """A booktabs tabular (needs \\usepackage{booktabs}); special characters escaped.

    Example: latex(["model"], [["linear_svm"]]) -> "\\begin{tabular}{l}\\n\\toprule\\nmodel \\\\ …"
    """
    def esc(s: str) -> str:
        return s.replace("\\", r"\textbackslash{}").replace("_", r"\_").replace("%", r"\%").replace(
            "&", r"\&").replace("#", r"\#").replace("±", r"$\pm$")
    spec = "".join("l" if h in ("protocol", "model", "kind", "label") else "r" for h in header)
    body = [" & ".join(map(esc, header)) + r" \\", r"\midrule"] + [" & ".join(map(esc, r)) + r" \\" for r in rows]
    return "\n".join([rf"\begin{{tabular}}{{{spec}}}", r"\toprule", *body, r"\bottomrule", r"\end{tabular}"]) + "\n"


def write_all(stem: Path, header: list[str], csv_rows, text_header: list[str], text_rows) -> list[Path]:
    """stem.csv (numbers), stem.md and stem.tex (formatted cells)."""
    write_rows(stem.with_suffix(".csv"), header, csv_rows)
    stem.with_suffix(".md").write_text(markdown(text_header, text_rows), encoding="utf-8")
    stem.with_suffix(".tex").write_text(latex(text_header, text_rows), encoding="utf-8")
    return [stem.with_suffix(s) for s in (".csv", ".md", ".tex")]


def score_tables(stance: dict, folder: Path) -> list[Path]:
    """scores.{csv,md,tex} (summary scores) and per_class.{csv,md,tex} from the stance metrics."""
    header = ["protocol", "model", "kind", "score", "value", "std", "ci_low", "ci_high"]
    rows, text_rows, pc_rows, pc_text = [], [], [], []
    for protocol, p in stance["protocols"].items():
        repeated = p["n_repeats"] > 1
        for name, r in p["results"].items():
            s = r["scores"]
            rows += [[protocol, name, r["kind"], k, *(s[k].get(f) for f in ("value", "std", "ci_low", "ci_high"))]
                     for k in SCORES]
            text_rows.append([protocol, name] + [cell(s[k], repeated) for k in SCORES])
            for label, c in s["per_class"].items():
                pc_rows += [[protocol, name, r["kind"], label, k, *(c[k].get(f) for f in
                             ("value", "std", "ci_low", "ci_high")), c["support"]] for k in ("precision", "recall", "f1")]
                pc_text.append([protocol, name, label] + [cell(c[k], repeated) for k in ("precision", "recall", "f1")]
                               + [str(c["support"])])
    out = write_all(folder / "scores", header, rows, ["protocol", "model"] + [TITLES[k] for k in SCORES], text_rows)
    return out + write_all(folder / "per_class", header[:3] + ["label"] + header[3:] + ["support"], pc_rows,
                           ["protocol", "model", "label", "precision", "recall", "F1", "support"], pc_text)
