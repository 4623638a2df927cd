"""Corpus label shares from the labels alone: the UN passages read before the random batch 20, plus that draw."""
import csv
import json

import pytest

from experiments.annotate.estimate import EstimateError, corpus_estimate, main

LABELS, DRAW = "seeds/ungdc/labels.csv", "seeds/ungdc/sampling/batch20_random.sampling.json"
N_CORPUS = 17080  # rows of the shared UN table, all read by the reference configs


def label_counts(batch_is_20: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    with open(LABELS, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["batch"].startswith("20_") == batch_is_20:
                counts[row["label"]] = counts.get(row["label"], 0) + 1
    return counts


def test_counts_are_the_read_labels_plus_the_draws_shares_scaled_to_the_unread_rest():
    est = corpus_estimate(LABELS, DRAW, N_CORPUS)
    before, drawn = label_counts(False), label_counts(True)
    assert est["n_read_before"] == sum(before.values()) and est["n_drawn"] == sum(drawn.values()) == 1600
    assert est["n_rest"] == N_CORPUS - est["n_read_before"]
    for label, e in est["labels"].items():
        assert e["read"] == before.get(label, 0) and e["drawn"] == drawn.get(label, 0)
        assert e["count"] == pytest.approx(e["read"] + est["n_rest"] * e["drawn"] / 1600)
        assert e["read"] <= e["low"] <= e["count"] <= e["high"] <= e["read"] + est["n_rest"]
    assert sum(e["count"] for e in est["labels"].values()) == pytest.approx(N_CORPUS)
    # a label the draw never met still has an upper bound above what was read (the draw could have missed it)
    zero = [e for e in est["labels"].values() if e["drawn"] == 0]
    assert all(e["high"] > e["read"] for e in zero)


def test_a_draw_that_is_not_random_is_refused(tmp_path):
    targeted = "seeds/ungdc/sampling/batch19_target_deterrence.sampling.json"
    with pytest.raises(EstimateError, match="needs a random draw"):
        corpus_estimate(LABELS, targeted, N_CORPUS)


def test_labels_added_after_the_draw_are_not_counted_as_read_before(tmp_path):
    draw = json.load(open(DRAW))
    draw["n_excluded"] -= 5  # as if five of the labelled passages outside the draw had been read after it
    path = tmp_path / "draw.sampling.json"
    path.write_text(json.dumps(draw), encoding="utf-8")
    with pytest.raises(EstimateError, match="label the draw last"):
        corpus_estimate(LABELS, path, N_CORPUS)


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"strategy": "random"}', "\xff\xfe"])
def test_a_damaged_sampling_record_is_named_in_one_line(tmp_path, content):
    path = tmp_path / "draw.sampling.json"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(EstimateError, match="not a sampling record"):
        corpus_estimate(LABELS, path, N_CORPUS)


def test_a_file_that_is_not_a_label_file_is_named(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("passage,stance\nA_1,none\n", encoding="utf-8")
    with pytest.raises(EstimateError, match="columns id and label"):
        corpus_estimate(path, DRAW, N_CORPUS)
    with pytest.raises(EstimateError, match="not a label file"):
        corpus_estimate(tmp_path / "missing.csv", DRAW, N_CORPUS)


def test_the_command_answers_a_bad_input_in_one_line_with_status_2(capsys):
    assert main([LABELS, "seeds/ungdc/sampling/batch19_target_deterrence.sampling.json", "--n-corpus", "17080"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
