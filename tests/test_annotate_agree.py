"""Agreement figures against hand-computed values, and the `annotate agree` command on real label files."""
import csv
import json

import pytest

from experiments.annotate.agree import agreement, paired, specific_agreement
from experiments.config.schema import LABELS
from tests.annotate_helpers import LABELS_DIR
from tests.test_cli import stancelab


def test_kappa_and_alpha_match_hand_computation():
    a = ["none", "none", "escalation", "escalation"]
    b = ["none", "escalation", "escalation", "escalation"]
    result = agreement(a, b, LABELS)
    # kappa: p_o = 3/4, p_e = 1/2*1/4 + 1/2*3/4 = 1/2 -> (0.75 - 0.5) / 0.5
    assert result["cohen_kappa"] == pytest.approx(0.5)
    # alpha: 8 values (none 3, escalation 5), 2 disagreeing pairs -> 1 - 7 * 2 / (2 * 3 * 5)
    assert result["krippendorff_alpha"] == pytest.approx(1 - 14 / 30, abs=1e-6)
    assert result["observed_agreement"] == 0.75
    assert result["per_label"]["none"] == {"n_a": 2, "n_b": 1, "n_both": 1, "specific_agreement": 0.666667}
    assert result["per_label"]["deterrence"]["specific_agreement"] is None
    assert result["confusion"][LABELS.index("none")][LABELS.index("escalation")] == 1


def test_pairs_follow_the_first_file_and_skip_unshared_ids():
    assert paired({"x": "none", "y": "escalation"}, {"y": "none", "z": "none"}) == (["y"], ["escalation"], ["none"])
    assert specific_agreement(["none"], ["escalation"], "none") == 0.0


def test_agree_command_on_a_relabelled_copy(tmp_path):
    """A second file that changes two labels of batch1_a: the figures count exactly those changes."""
    rows = list(csv.DictReader(open(LABELS_DIR / "batch1_a.csv", encoding="utf-8", newline="")))
    changed = [r for r in rows if r["label"] == "none"][:2]
    for r in changed:
        r["label"] = "escalation"
    second = tmp_path / "second.csv"
    with open(second, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "label", "rationale"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[:60])
    res = stancelab("annotate", "agree", str(LABELS_DIR / "batch1_a.csv"), str(second), "--json",
                    str(tmp_path / "a.json"))
    assert res.returncode == 0, res.stderr
    assert "passages labelled by both: 60 (only in" in res.stdout and "Krippendorff" in res.stdout
    result = json.loads((tmp_path / "a.json").read_text())
    assert result["n"] == 60 and result["observed_agreement"] == pytest.approx(58 / 60, abs=1e-6)
    assert result["confusion"][LABELS.index("none")][LABELS.index("escalation")] == 2
    assert 0 < result["cohen_kappa"] < 1


def test_agree_on_files_with_no_common_id_is_a_user_error():
    res = stancelab("annotate", "agree", str(LABELS_DIR / "batch1_a.csv"), str(LABELS_DIR / "batch1_b.csv"))
    assert res.returncode == 2 and "share no id" in res.stderr
