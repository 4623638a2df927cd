"""The scale benchmark's harness on a tiny size: stages, both ways, in fresh processes, give sane rows.

Runs at 200 segments of the real corpus (the first 40 documents of each source); the figures themselves are
not asserted (benchmarks print figures), only that they exist and that both ways computed the same thing.
"""
import numpy as np
import pytest

from experiments.benchmarks import scale, scale_corpus, scale_summary
from experiments.benchmarks.scale_measure import run_stage
from tests.conftest import SHARED_DATA, shared_data


def tiny(tmp_path, *options):
    """The first segments of the real corpus and the benchmark's options at 200 segments."""
    for source in scale_corpus.SOURCES:
        shared_data(*source.parts)
    segments = scale_corpus.build(SHARED_DATA, random_state=0, max_docs=40)
    args = scale.arguments(["--sizes", "200", "--data", str(SHARED_DATA), "--max-seconds", "300", *options])
    return segments, args


def test_the_first_stages_are_measured_in_fresh_processes(tmp_path):
    segments, args = tiny(tmp_path)
    scale_corpus.write_table(segments, 200, tmp_path / "table-200.csv")
    for stage in ("read", "tokenise", "vectorise"):
        results = {way: run_stage(stage, way, 200, tmp_path, args, 300) for way in scale_summary.WAYS}
        for r in results.values():
            assert "not_run" not in r, (stage, r)
            # the stage's CPU is its work only: less than the whole process's (interpreter and imports)
            assert 0 < r["cpu_seconds"] < r["process_cpu_seconds"] and 20 < r["peak_mb"] < 2_000
        assert scale.check(stage, 200, tmp_path, results).startswith("yes" if stage != "tokenise" else "-")


@pytest.mark.slow  # 14 fresh processes: about 40 CPU s
def test_a_tiny_run_gives_both_ways_of_every_stage(tmp_path):
    segments, args = tiny(tmp_path, "--stance-sizes", "200", "--models", "complement_nb")
    done, checks = scale.run_all(args, segments, tmp_path)
    for stage in [*scale.STAGES, "predict"]:
        for way in scale_summary.WAYS:
            r = done[stage][way]["200"]
            assert "not_run" not in r, (stage, way, r)
            assert 0 < r["cpu_seconds"] < 300 and 20 < r["peak_mb"] < 4_000 and r["seconds"] >= 0
    assert checks["read 200"] == "yes" and checks["vectorise 200"].startswith("yes (200x")
    assert checks["topics 200"] == "ARI 1.000" and checks["stance_search 200"].startswith("yes")
    assert checks["predict 200"] == "1.0000 of 200 labels equal"
    table = scale_summary.rows(done, checks)
    assert {r["stage"] for r in table} == {*scale.STAGES, "predict"}
    assert all(float(r["ratio_plain_over_stancelab"]) > 0 for r in table)
    assert not list(tmp_path.glob("*-200.*"))  # a size's files are removed once measured


def test_slope_of_linear_growth_is_one_and_small_sizes_are_left_out():
    assert scale_summary.slope([1_000, 10_000, 100_000], [5.0, 2.0, 20.0]) == 1.0
    assert scale_summary.slope([1_000, 10_000], [1.0, 100.0]) == 2.0
    assert scale_summary.slope([1_000], [1.0]) is None


def test_unequal_matrices_and_partitions_are_caught():
    import scipy.sparse as sp

    a = sp.csr_matrix(np.array([[0.5, 0.0], [0.0, 1.0]]))
    assert scale_summary.compare_matrices(a, a.copy()).startswith("yes")
    assert scale_summary.compare_matrices(a, a * (1 + 1e-9)).startswith("NO")
    assert scale_summary.compare_labels(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), "topics") != "ARI 1.000"
    assert scale_summary.compare_labels(["a", "b"], ["a"], "predict").startswith("NO")


def test_the_moonshot_report_says_by_how_much_a_stopped_run_misses():
    from experiments.benchmarks import scale_moonshot

    args = scale_moonshot.arguments(["--size", "100000"])
    done = {"read": {"seconds": 2.0, "cpu_seconds": 1.0, "peak_mb": 100.0},
            "topics": {"seconds": 60.0, "cpu_seconds": 30.0, "peak_mb": 800.0},
            "stance_search logreg": {"not_run": "stopped", "stopped": True, "wall_seconds": 300.0,
                                     "cpu_seconds": 150.0},
            "stance_search complement_nb": {"not_run": "not run: the budget was spent"}}
    md, verdict = scale_moonshot.report(done, {}, args)
    assert verdict["met"] is False and verdict["complete"] is False and verdict["wall_seconds"] == 362.0
    assert "NOT met" in md and "at least 242.0 s over" in md
    assert verdict["finished_stages"] == {"stages": ["read", "topics"], "wall_seconds": 62.0, "cpu_seconds": 31.0}
    done.pop("stance_search logreg"), done.pop("stance_search complement_nb")
    md, verdict = scale_moonshot.report(done, {}, args)
    assert verdict["met"] is True and "**met**" in md


@pytest.mark.parametrize("model", ["linear_svm", "sgd"])
def test_both_ways_of_the_search_score_every_fold_alike_for_the_margin_models(tmp_path, model):
    from experiments.benchmarks import scale_search

    for source in scale_corpus.SOURCES:
        shared_data(*source.parts)  # skips without the shared data
    # 200 documents a source: every label in every test fold, so "f1_macro" (the labels of the fold) and
    # stancelab's scorer (every label) average over the same labels
    segments = scale_corpus.build(SHARED_DATA, random_state=0, max_docs=200)
    scale_corpus.write_table(segments, 300, tmp_path / "table.csv")
    texts, y, groups = scale_corpus.read_table(tmp_path / "table.csv")
    folds = scale_search.search_folds(y, groups, random_state=0)
    assert all(set(y[test]) == set(y) for _, test in folds)
    ours = scale_search.stancelab_search(scale_search.count_texts(texts), y, folds, model, 1, 0)
    plain = scale_search.plain_search(texts, y, folds, model, 1, 0)
    a, b = scale_search.search_summary(ours, folds), scale_search.search_summary(plain, folds)
    assert a["settings"] == 8 and len(set(np.round(np.ravel(a["split_scores"]), 6))) > 1  # the grid matters
    assert scale_search.same_scores(a, b) and a["best_index"] == b["best_index"]


def test_the_moonshot_judges_each_models_search_alone():
    from experiments.benchmarks import scale_moonshot

    args = scale_moonshot.arguments(["--size", "100000"])
    done = {"read": {"seconds": 10.0, "cpu_seconds": 5.0, "peak_mb": 100.0},
            "topics": {"seconds": 50.0, "cpu_seconds": 60.0, "peak_mb": 800.0},
            "stance_search sgd": {"seconds": 40.0, "cpu_seconds": 70.0, "peak_mb": 500.0},
            "stance_search logreg": {"not_run": "stopped", "stopped": True, "wall_seconds": 300.0,
                                     "cpu_seconds": 150.0}}
    md, verdict = scale_moonshot.report(done, {}, args)
    assert verdict["met"] is False  # all searches together
    assert verdict["per_model"] == {
        "sgd": {"wall_seconds": 100.0, "cpu_seconds": 135.0, "complete": True, "met": True},
        "logreg": {"wall_seconds": 360.0, "cpu_seconds": 215.0, "complete": False, "met": False}}
    assert "With the sgd search alone: 100.0 s wall, 135.0 CPU s: **met**" in md
    assert "With the logreg search alone: 360.0 s wall, 215.0 CPU s: not met (stopped)" in md
