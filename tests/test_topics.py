"""The topics step on the real seeds: k sweep, stability, scores against the stance labels, tables, figures."""
import csv
import json
import tomllib

import numpy as np
import pytest

from experiments.config import schema as cfg
from experiments.config.sections import Topics
from experiments.run.runner import run
from experiments.topics.external import contingency, external_scores
from experiments.topics.ksweep import choose_k
from experiments.topics.stability import pairwise_ari, stability_summary
from tests.conftest import ROOT

CONFIG = ROOT / "experiments" / "configs" / "seeds_topics.toml"


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("results")
    config = cfg.load(CONFIG, ["topics.n_seeds=3", "topics.k_max=5", "topics.score_against=['labels', 'source']"])
    return run(config, str(CONFIG), out, log=lambda *a: None)


def test_seeds_run_writes_sweep_stability_terms_and_stance_contingency(seeds_run):
    m = json.loads((seeds_run / "metrics.json").read_text())["topics"]
    assert [r["k"] for r in m["k"]["sweep"]] == [2, 3, 4, 5]
    assert m["k"]["rule"].startswith("max mean silhouette") and 2 <= m["k"]["k"] <= 5
    assert m["seeds"] == [42, 43, 44] and len(m["stability"]["matrix"]) == 3
    assert sum(m["sizes"]) == 35 and len(m["sizes"]) == m["k"]["k"]
    stance = m["contingency"]["labels"]
    assert stance["classes"] == ["deterrence", "escalation", "none", "reassurance"]
    assert np.array(stance["table"]).sum() == 35
    assert 0 <= m["external"]["labels"]["v_measure"]["mean"] <= 1
    terms = {r["term"] for r in csv.DictReader(open(seeds_run / "tables" / "topic_terms.csv"))}
    assert "nucléaire" in terms
    assert "| cluster | label | size |" in (seeds_run / "tables" / "clusters.md").read_text()
    ids = [r["id"] for r in csv.DictReader(open(seeds_run / "tables" / "map_2d.csv"))]
    assert len(ids) == 35 and ids[0].startswith("000_")


def test_seeds_run_draws_the_topic_figures(seeds_run):
    for name in ("topics_k_sweep", "topics_stability", "topics_contingency_labels", "topics_map",
                 "topics_top_terms", "topics_share_doc"):
        assert (seeds_run / "figures" / f"{name}.png").stat().st_size > 5000, name


def test_perfect_and_relabelled_partitions():
    y = ["a", "a", "b", "b", "c"]
    s = external_scores(y, [2, 2, 0, 0, 1])  # the same partition under other cluster numbers
    assert s["v_measure"] == pytest.approx(1.0) and s["ari"] == pytest.approx(1.0)
    assert external_scores(y, [0, 0, 0, 0, 0])["homogeneity"] == pytest.approx(0.0)
    classes, table = contingency(y, [2, 2, 0, 0, 1], 3)
    assert classes == ["a", "b", "c"] and table.tolist() == [[0, 2, 0], [0, 0, 1], [2, 0, 0]]


def test_pairwise_ari_between_seeds():
    a, b = np.array([0, 0, 1, 1]), np.array([1, 1, 0, 0])
    assert pairwise_ari([a, b]).tolist() == [[1.0, 1.0], [1.0, 1.0]]
    s = stability_summary([a, b, np.array([0, 1, 0, 1])])
    assert s["pairwise_ari"]["mean"] < 1 and len(s["matrix"]) == 3


def test_k_rule_picks_the_best_mean():
    summary = [{"k": 2, "silhouette_mean": 0.1, "davies_bouldin_mean": 1.0},
               {"k": 3, "silhouette_mean": 0.3, "davies_bouldin_mean": 2.0}]
    base = {"n_clusters": 7, "silhouette_metric": "cosine"}
    assert choose_k(summary, Topics(**base, k_rule="silhouette"))["k"] == 3
    assert choose_k(summary, Topics(**base, k_rule="davies_bouldin"))["k"] == 2
    fixed = choose_k(summary, Topics(**base, k_rule="fixed"))
    assert fixed == {"k": 7, "rule": "fixed in the config ([topics] n_clusters)"}


@pytest.mark.parametrize("override, message", [
    ("topics.method='nmf'", "nmf factorises the TF-IDF"),
    ("topics.score_against=['stance']", "'stance' is not one of labels, source"),
    ("topics.k_min=9", "k_min: 9 is above k_max 6"),
    ("topics.linkage='ward'", None),
])
def test_impossible_topic_settings_are_config_errors(override, message):
    if message is None:  # ward with the default euclidean metric is fine
        cfg.load(CONFIG, [override, "topics.method='agglomerative'"])
        return
    with pytest.raises(cfg.ConfigError, match=message):
        cfg.load(CONFIG, [override])


def test_selection_scores_candidates_without_reading_labels(tmp_path, monkeypatch):
    import experiments.corpus.data
    import experiments.topics.external

    def no_labels(*args, **kwargs):
        raise AssertionError("a selection run read labels")
    monkeypatch.setattr(experiments.corpus.data, "segment_labels", no_labels)
    monkeypatch.setattr(experiments.topics.external, "segment_labels", no_labels)
    raw = tomllib.loads(CONFIG.read_text())
    raw["topics"].update(score_against=[], k_max=2, n_seeds=2)
    raw["selection"] = {"candidates": ["", "topics.representation='tfidf'", "topics.method='nmf'; "
                                       "topics.representation='tfidf'"], "n_clusters": 3, "n_seeds": 2}
    folder = run(cfg.validate(raw, "sel.toml", CONFIG.parent), str(CONFIG), tmp_path, log=lambda *a: None)
    sel = json.loads((folder / "metrics.json").read_text())["selection"]
    assert [c["candidate"] for c in sel["candidates"]] == raw["selection"]["candidates"]
    assert sel["chosen"] in raw["selection"]["candidates"] and "no labels" in sel["rule"]
    best = max(sel["candidates"], key=lambda c: c["silhouette_common_mean"])
    assert sel["chosen"] == best["candidate"]
    assert (folder / "tables" / "selection.csv").read_text().count("\n") == 4


def test_selection_refuses_labels_and_corpus_changes():
    raw = tomllib.loads(CONFIG.read_text())
    raw["selection"] = {"candidates": [""]}
    with pytest.raises(cfg.ConfigError, match="must not see labels"):
        cfg.validate(raw, "sel.toml", CONFIG.parent)
    from experiments.topics.selection import candidate_config

    raw["topics"]["score_against"] = []
    with pytest.raises(cfg.ConfigError, match="candidates share the corpus"):
        candidate_config(cfg.validate(raw, "sel.toml", CONFIG.parent), "corpus.language='en'")


def test_unannotated_reference_labels_are_left_out_of_the_scores():
    """[corpus] unannotated = "unlabelled" gives label "" to the segments nobody labelled: not a class."""
    assert external_scores(["a", "", "b", ""], [0, 1, 1, 0]) == external_scores(["a", "b"], [0, 1])
    classes, table = contingency(["a", "", "b"], [0, 0, 1], 2)
    assert classes == ["a", "b"] and table.tolist() == [[1, 0], [0, 1]]


def test_topic_share_per_metadata_column_of_a_table(tmp_path):
    """[topics] share_by on a real table: the first 400 UN passages, topic share per decade and per country."""
    from collections import Counter

    from tests.conftest import shared_data

    source = shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    with open(source, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:400]
    table = tmp_path / "un400.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader(), writer.writerows(rows)
    un_topics = ROOT / "experiments" / "configs" / "ungdc_topics.toml"
    config = cfg.load(un_topics,
                      [f'corpus.path="{table.as_posix()}"', 'corpus.annotations=""', "topics.k_rule=\"fixed\"",
                       "topics.n_clusters=4", "topics.n_seeds=1", "topics.score_against=[]", "topics.n_components=20",
                       "features.min_df=2", "topics.share_max_keys=5"])
    folder = run(config, str(un_topics), tmp_path / "results", log=lambda *a: None)
    decades = Counter(f"{int(r['year']) // 10 * 10}s" for r in rows)
    shares = list(csv.DictReader(open(folder / "tables" / "topic_share_decade.csv")))
    assert {r["decade"]: int(r["n_segments"]) for r in shares} == dict(decades)
    for decade in decades:
        assert sum(float(r["share"]) for r in shares if r["decade"] == decade) == pytest.approx(1.0, abs=1e-5)
    countries = {r["country"] for r in csv.DictReader(open(folder / "tables" / "topic_share_country.csv"))}
    assert countries == {r["country"] for r in rows}
    assert json.loads((folder / "metrics.json").read_text())["topics"]["shares_by"][-2:] == ["decade", "country"]
    assert (folder / "figures" / "topics_share_country.png").stat().st_size > 5000
    over_time = list(csv.DictReader(open(folder / "tables" / "topic_time_decade.csv")))
    assert {r["decade"]: int(r["n_segments"]) for r in over_time} == dict(decades)
    assert all(float(r["low"]) <= float(r["share"]) <= float(r["high"]) for r in over_time)
    assert (folder / "figures" / "topics_time_decade.png").stat().st_size > 5000
