"""Agreement between two annotators who labelled the same passages.

Reported on the ids both files share: observed agreement, Cohen's kappa (scikit-learn), Krippendorff's
alpha for nominal data (package `krippendorff`), per-label specific agreement, and the confusion between
the two annotators (rows: first file, columns: second file).

Specific agreement of a label L: 2 * (passages both gave L) / (passages A gave L + passages B gave L); 1
when the annotators always agree about L, 0 when they never both chose it.
"""
from __future__ import annotations

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score, confusion_matrix

from experiments.annotate.records import read_label_rows
from experiments.annotate.sheets import check_sheet
from features.read.encoding import CorpusError


def read_checked(path, labels: list[str]) -> dict[str, str]:
    """{id: label} of a label file that passes `check_sheet` (else the first problem is raised).

    Illustration: read_checked("seeds/ungdc/labels/batch1_a.csv", LABELS)["YEM_46_1991_14"] -> "escalation"
    """
    _, errors = check_sheet(path, labels)
    if errors:
        more = f" (and {len(errors) - 1} more: run `stancelab annotate check {path}`)" if len(errors) > 1 else ""
        raise CorpusError(errors[0] + more)
    return {row["id"].strip(): row["label"].strip() for _, row in read_label_rows(path)}


def paired(labels_a: dict[str, str], labels_b: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    """Ids labelled in both, in the first file's order, with each annotator's labels.

    >>> paired({"x": "none", "y": "escalation"}, {"y": "none"})
    (['y'], ['escalation'], ['none'])
    """
    ids = [i for i in labels_a if i in labels_b]
    return ids, [labels_a[i] for i in ids], [labels_b[i] for i in ids]


def specific_agreement(y_a, y_b, label: str) -> float | None:
    """2 * both / (A's count + B's count) for one label; None when neither annotator used it.

    >>> specific_agreement(["none", "none"], ["none", "escalation"], "none")
    0.666667
    """
    a, b = np.asarray(y_a) == label, np.asarray(y_b) == label
    total = int(a.sum() + b.sum())
    return round(2 * float((a & b).sum()) / total, 6) if total else None


def agreement(y_a: list[str], y_b: list[str], labels: list[str]) -> dict:
    """Every agreement figure for two aligned label lists.

    Illustration: agreement(["none", "escalation"], ["none", "escalation"], LABELS)["cohen_kappa"] -> 1.0
    """
    if not y_a:
        raise CorpusError("the two files share no id: nothing to compare")
    codes = {lab: k for k, lab in enumerate(labels)}
    alpha = (krippendorff.alpha(reliability_data=[[codes[v] for v in y_a], [codes[v] for v in y_b]],
                                level_of_measurement="nominal", value_domain=list(range(len(labels))))
             if len(set(y_a) | set(y_b)) > 1 else float("nan"))  # alpha is undefined with one value only
    return {
        "n": len(y_a),
        "observed_agreement": round(float(np.mean(np.asarray(y_a) == np.asarray(y_b))), 6),
        "cohen_kappa": round(float(cohen_kappa_score(y_a, y_b, labels=labels)), 6),
        "krippendorff_alpha": round(float(alpha), 6),
        "per_label": {lab: {"n_a": y_a.count(lab), "n_b": y_b.count(lab),
                            "n_both": sum(a == b == lab for a, b in zip(y_a, y_b, strict=True)),
                            "specific_agreement": specific_agreement(y_a, y_b, lab)} for lab in labels},
        "labels": labels,
        "confusion": confusion_matrix(y_a, y_b, labels=labels).tolist(),
    }


def report(result: dict, name_a: str, name_b: str, only_a: int, only_b: int) -> str:
    """The agreement figures as plain text for the terminal.

    Illustration: report(agreement(...), "a.csv", "b.csv", 0, 0).splitlines()[0]
             -> "passages labelled by both: 60 (only in a.csv: 0, only in b.csv: 0)"
    """
    labels = result["labels"]
    lines = [f"passages labelled by both: {result['n']} (only in {name_a}: {only_a}, only in {name_b}: {only_b})",
             f"observed agreement: {result['observed_agreement']:.3f}",
             f"Cohen's kappa: {result['cohen_kappa']:.3f}",
             f"Krippendorff's alpha (nominal): {result['krippendorff_alpha']:.3f}",
             "", f"{'label':<12} {'A':>5} {'B':>5} {'both':>5}  specific agreement"]
    for lab in labels:
        p = result["per_label"][lab]
        sa = "-" if p["specific_agreement"] is None else f"{p['specific_agreement']:.3f}"
        lines.append(f"{lab:<12} {p['n_a']:>5} {p['n_b']:>5} {p['n_both']:>5}  {sa}")
    width = max(len(lab) for lab in labels) + 1
    lines += ["", f"confusion (rows: {name_a}, columns: {name_b})",
              " " * (width + 1) + " ".join(f"{lab[:width]:>{width}}" for lab in labels)]
    for lab, row in zip(labels, result["confusion"], strict=True):
        lines.append(f"{lab:<{width}} " + " ".join(f"{v:>{width}}" for v in row))
    return "\n".join(lines)
