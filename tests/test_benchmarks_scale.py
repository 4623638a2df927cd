"""The scale benchmark's data and its reading of the measurements.

The three-ways search is tested in test_benchmarks_scale_search.
"""
from experiments.benchmarks import scale_data, scale_stages, scale_summary


def test_repeated_rows_keep_ids_unique_and_groups_per_copy():
    rows = scale_data.repeat_rows([{"country": "FRA", "para_idx": "3"}, {"country": "USA", "para_idx": "7"}], 5)
    assert [r["para_idx"] for r in rows] == ["3", "7", "3#r1", "7#r1", "3#r2"]
    assert [r["group"] for r in rows] == ["FRA", "USA", "FRA#r1", "USA#r1", "FRA#r2"]


def test_slope_of_linear_growth_is_one_and_small_sizes_are_left_out():
    assert scale_summary.slope([1_000, 10_000, 100_000], [5.0, 2.0, 20.0]) == 1.0
    assert scale_summary.slope([1_000, 10_000], [1.0, 2.0]) is None


def test_full_path_sums_the_experiment_stages_without_the_stance_recount():
    done = {stage: {"100000": {"seconds": 1.0}} for stage in scale_stages.EXPERIMENT}
    done["stance_cv"]["100000"] = {"seconds": 60.0, "search_seconds": 50.0, "count_seconds": 10.0}
    assert scale_summary.full_path(done) == 54.0
    done["cluster"]["100000"] = {"not_run": "stopped"}
    assert scale_summary.full_path(done) is None
