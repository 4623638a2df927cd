"""[features] engine = "cached" and "sklearn" give the same numbers in every step that vectorises.

Each step runs twice on the real seed articles, once per engine, through the `stancelab` command: stance
(every model and baseline, per-group models, the saved model and the corpus shares), topics, selection,
and `annotate sample` (uncertainty and diverse draw the same passages).
"""
import io
import json

import pytest

from experiments.cli import main
from experiments.stance.predict import predict
from tests.conftest import ROOT

CONFIGS = ROOT / "experiments" / "configs"
ENGINES = ("sklearn", "cached")
# the cue-count features read the prepared text, which the cached engine does not keep (a config error there):
# both engines are compared on the n-gram features alone
NGRAMS_ONLY = ("--set", "features.cue_counts=false")


def run_both(tmp_path, config: str, *overrides: str) -> dict:
    """The run folder of `config` (with `overrides`) under each engine."""
    out = {}
    for engine in ENGINES:
        args = ["run", str(CONFIGS / f"{config}.toml"), "--results", str(tmp_path / engine), "--quiet",
                "--set", f"features.engine={engine}", "--set", f"experiment.cache_dir={tmp_path / 'cache'}",
                *NGRAMS_ONLY]
        for override in overrides:
            args += ["--set", override]
        assert main(args) == 0
        out[engine] = tmp_path / engine / config
    assert counted(tmp_path)
    return out


def counted(tmp_path) -> bool:
    """Whether the cached engine ran: its token counts are in the run's cache folder (never as a pickle)."""
    cache = tmp_path / "cache"
    return any(cache.rglob("record.json")) and not any(cache.rglob("*.pkl"))  # counts cached, and no pickle


def metrics(folder) -> dict:
    return json.loads((folder / "metrics.json").read_text())


def tables(folder) -> dict:
    return {p.name: p.read_text() for p in sorted((folder / "tables").iterdir())}


@pytest.mark.slow
def test_stance_both_ways(tmp_path):
    """Every model and baseline, two protocols, learning curves, the final model and the corpus shares."""
    runs = run_both(tmp_path, "seeds_stance", "stance.bootstrap_resamples=100", "evaluation.n_repeats=2",
                    'stance.share_by=["doc"]', 'stance.final_model="linear_svm"')
    assert metrics(runs["cached"]) == metrics(runs["sklearn"])
    assert tables(runs["cached"]) == tables(runs["sklearn"])
    assert metrics(runs["cached"])["stance"]["final_model"]["probability"]["method"] == "temperature_softmax"
    # The model saved from a cached run is plain scikit-learn on text: predict reads raw text the same way.
    out = {}
    for engine, folder in runs.items():
        buffer = io.StringIO()
        predict(str(folder / "model.skops"), [str(ROOT / "seeds")], buffer)
        out[engine] = buffer.getvalue()
    assert out["cached"] == out["sklearn"] and out["cached"].count("\n") == 36  # header + 35 sentences


@pytest.mark.slow
def test_stance_per_group_models_both_ways(tmp_path):
    """One model per outlet: the group travels as a last column of the counts as it does of the text."""
    runs = run_both(tmp_path, "seeds_stance", 'stance.per_group_column="source"', "stance.bootstrap_resamples=0",
                    'stance.models=["logreg", "complement_nb"]', 'stance.baselines=["keyword", "stratified"]',
                    'evaluation.protocols=["repeated_cv"]', "evaluation.n_repeats=2",
                    "stance.learning_curve_sizes=[0.5, 1.0]")
    per_group = metrics(runs["cached"])["stance"]["protocols"]["repeated_cv"]["results"]["logreg"]["per_group"]
    assert len(per_group) == 2  # the two outlets of the seeds
    assert metrics(runs["cached"]) == metrics(runs["sklearn"])
    assert tables(runs["cached"]) == tables(runs["sklearn"])


@pytest.mark.slow
def test_topics_both_ways(tmp_path):
    runs = run_both(tmp_path, "seeds_topics", "topics.n_seeds=3", "features.chars=true")
    assert metrics(runs["cached"]) == metrics(runs["sklearn"])
    assert tables(runs["cached"]) == tables(runs["sklearn"])
    assert metrics(runs["cached"])["topics"]["n_features"] > 1000  # words and characters


@pytest.mark.slow
def test_selection_both_ways(tmp_path):
    """[selection] with engine "cached" used to stop with exit 1 (ValueError: Expected 2D array)."""
    candidates = ["", "features.sublinear_tf=false", "features.word_ngram_range=[1, 2]",
                  "preprocess.lemmatize=false", "topics.representation='tfidf'"]
    runs = run_both(tmp_path, "seeds_topics", "topics.score_against=[]", "topics.k_max=2", "topics.n_seeds=2",
                    f"selection.candidates={json.dumps(candidates)}", "selection.n_clusters=3",
                    "selection.n_seeds=2")
    cached, plain = metrics(runs["cached"]), metrics(runs["sklearn"])
    assert [c["candidate"] for c in cached["selection"]["candidates"]] == candidates
    # the wider n-grams and the other preparation really were counted: more features, then a different count
    n_features = [c["n_features"] for c in cached["selection"]["candidates"]]
    assert n_features[2] > n_features[0] and n_features[3] != n_features[0]
    assert cached == plain
    assert tables(runs["cached"]) == tables(runs["sklearn"])


@pytest.mark.parametrize("strategy", ["uncertainty", "diverse"])
def test_annotate_sample_both_ways(tmp_path, strategy):
    """The model (uncertainty) or the clusters (diverse) behind a draw read the config's engine: same draw."""
    labels = tmp_path / "labelled.csv"  # the first 20 annotated seed sentences train the uncertainty model
    labels.write_text("".join((ROOT / "seeds" / "annotations.csv").read_text(encoding="utf-8")
                              .splitlines(keepends=True)[:21]), encoding="utf-8")
    drawn = {}
    for engine in ENGINES:
        out = tmp_path / f"{engine}.csv"
        assert main(["annotate", "sample", str(CONFIGS / "seeds_stance.toml"), "--n", "6", "--strategy", strategy,
                     "--exclude", str(labels), "--out", str(out), "--set", f"features.engine={engine}",
                     "--set", f"experiment.cache_dir={tmp_path / 'cache'}", "--set", "annotate.n_clusters=3",
                     "--set", "annotate.n_components=5", "--set", "features.min_df=2", *NGRAMS_ONLY]) == 0
        record = json.loads(out.with_suffix(".sampling.json").read_text())
        drawn[engine] = {k: v for k, v in record.items() if k not in ("config", "sheets")}
    assert len(drawn["cached"]["ids"]) == 6 and counted(tmp_path)
    assert drawn["cached"] == drawn["sklearn"]  # ids, and the confidence or cluster of each
