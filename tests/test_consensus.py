"""Consensus over seeds, k by stability and topic names, on real text: the seeds and 600 UN passages."""
import csv
import json
from dataclasses import replace

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from experiments.config import schema as cfg
from experiments.config.sections import Topics
from experiments.corpus import engine
from experiments.corpus.data import load_segments
from experiments.run.runner import run
from experiments.topics.clustering import fit_partition, represent
from experiments.topics.consensus import by_size, consensus, indicator_rows, medoid_index
from experiments.topics.ksweep import choose_k
from experiments.topics.names import ctfidf, short_label, topic_names
from experiments.topics.stability import off_diagonal, pairwise_ari
from tests.conftest import ROOT
from tests.topic_helpers import un_head_table

UN = ROOT / "experiments" / "configs" / "ungdc_topics.toml"
SEEDS_TOPICS = ROOT / "experiments" / "configs" / "seeds_topics.toml"


@pytest.fixture(scope="module")
def un600(tmp_path_factory):
    """TF-IDF, LSA, names and 20 one-start k-means partitions (k = 5) of the first 600 UN passages."""
    table = un_head_table(tmp_path_factory.mktemp("un"))
    config = cfg.load(UN, [f'corpus.path="{table.as_posix()}"', 'corpus.annotations=""', "topics.n_init=1",
                           "topics.n_components=30", "features.min_df=2", "topics.score_against=[]"])
    segments = load_segments(config)
    features = engine.feature_input(config, [s.text for s in segments])
    vectorizer = features.vectorizer()
    X_tfidf = vectorizer.fit_transform(features.X)
    t = config.topics
    lsa = represent(X_tfidf, t, 0)
    parts = [fit_partition(X_tfidf, t, 5, seed, lsa).labels for seed in range(20)]
    return {"X": X_tfidf, "names": features.names(vectorizer), "parts": parts, "t": t}


def test_indicator_rows_give_the_coassociation_distances(un600):
    """k-means on the indicator rows is co-association clustering: |h_i - h_j|^2 = 2m(1 - C_ij)."""
    parts = un600["parts"][:5]
    H = indicator_rows(parts, 5).toarray()
    C = np.mean([np.equal.outer(p, p) for p in parts], axis=0)
    D = ((H[:, None, :] - H[None, :, :]) ** 2).sum(axis=2)
    assert np.allclose(D, 2 * 5 * (1 - C))


def test_consensus_of_two_seed_sets_agrees_more_than_two_seeds(un600):
    parts = un600["parts"]
    single = off_diagonal(pairwise_ari(parts)).mean()
    a = consensus(parts[:10], "coassociation", 5, 0)
    b = consensus(parts[10:], "coassociation", 5, 0)
    between = adjusted_rand_score(a["labels"], b["labels"])
    assert between > single, (between, single)  # 600 passages, k = 5: about 0.57 against 0.44
    assert len(a["ari_with_seeds"]) == 10 and a["ari_with_seeds_mean"] > single
    assert (np.diff(np.bincount(a["labels"])) <= 0).all()  # largest topic first


def test_medoid_is_the_seed_closest_to_the_others(un600):
    parts = un600["parts"][:6]
    out = consensus(parts, "medoid", 5, 0)
    mean_ari = (pairwise_ari(parts).sum(axis=1) - 1) / 5
    assert out["medoid_seed_index"] == medoid_index(parts) == int(np.argmax(mean_ari))
    assert out["ari_with_seeds"][out["medoid_seed_index"]] == pytest.approx(1.0)
    assert by_size(np.array([2, 2, 0, 1, 1, 1])).tolist() == [1, 1, 2, 0, 0, 0]


def test_topic_names_are_distinctive_terms(un600):
    X, labels = un600["X"], un600["parts"][0]
    terms, names = topic_names(X, labels, 5, un600["names"], 10)
    assert len(set(names)) == 5 and all(names)
    present = (X != 0).toarray()
    column = {str(n).split("__", 1)[-1]: j for j, n in enumerate(un600["names"])}
    for c, ts in enumerate(terms):  # the first term is more frequent inside its topic than outside
        j = column[ts[0][0]]
        assert present[labels == c, j].mean() > present[labels != c, j].mean()
    assert ctfidf(X, labels, 5).shape == (5, X.shape[1])
    assert short_label(["test ban", "test", "ban treaty", "ctbt"]) == "test ban / ban treaty / ctbt"


def test_k_rule_keeps_to_stable_k():
    summary = [{"k": 2, "silhouette_mean": 0.1, "stability_mean": 0.95},
               {"k": 3, "silhouette_mean": 0.3, "stability_mean": 0.60},
               {"k": 4, "silhouette_mean": 0.2, "stability_mean": 0.91}]
    t = Topics(n_clusters=7, silhouette_metric="cosine", k_rule="silhouette", k_min_stability=0.9)
    choice = choose_k(summary, t)
    assert choice["k"] == 4 and ">= 0.9 (k = 2, 4" in choice["rule"]
    assert choose_k(summary, replace(t, k_min_stability=0.0))["k"] == 3
    assert choose_k(summary, replace(t, k_min_stability=0.99))["k"] == 2  # none reaches it: the most stable
    assert choose_k(summary, replace(t, k_rule="stability"))["k"] == 2


def test_seeds_run_with_consensus_and_k_by_stability(tmp_path):
    config = cfg.load(SEEDS_TOPICS, ["topics.n_seeds=4", "topics.k_max=4", "topics.k_rule='stability'",
                                     "topics.consensus='coassociation'", "topics.score_against=['labels']"])
    folder = run(config, str(SEEDS_TOPICS), tmp_path, log=lambda *a: None)
    m = json.loads((folder / "metrics.json").read_text())["topics"]
    best = max(m["k"]["sweep"], key=lambda r: r["stability_mean"])
    assert m["k"]["k"] == best["k"] and "stability" in m["k"]["rule"]
    assert m["consensus"]["method"] == "coassociation" and len(m["consensus"]["ari_with_seeds"]) == 4
    assert 0 <= m["consensus"]["external"]["labels"]["v_measure"] <= 1
    clusters = list(csv.DictReader(open(folder / "tables" / "clusters.csv")))
    assert [r["label"] for r in clusters] == m["labels"] and len(clusters) == m["k"]["k"]
    assigned = [int(r["cluster"]) for r in csv.DictReader(open(folder / "tables" / "topic_assignments.csv"))]
    assert sorted(np.bincount(assigned).tolist(), reverse=True) == np.bincount(assigned).tolist()
    assert (folder / "tables" / "consensus_ari.csv").read_text().count("\n") == 5
    stance = list(csv.DictReader(open(folder / "tables" / "topic_stance.csv")))
    for c in range(m["k"]["k"]):
        mine = [r for r in stance if int(r["cluster"]) == c]
        assert sum(float(r["share"]) for r in mine) == pytest.approx(1.0, abs=1e-3)
        assert all(float(r["low"]) <= float(r["share"]) <= float(r["high"]) for r in mine)
        assert sum(int(r["count"]) for r in mine) == int(mine[0]["n_labelled"]) == m["sizes"][c]  # all 35 labelled
    assert {r["stance"] for r in stance} == set(m["by_stance"]["stances"]) == {"deterrence", "escalation",
                                                                               "reassurance", "none"}
    passages = list(csv.DictReader(open(folder / "tables" / "topic_stance_passages.csv")))
    assert passages and all(r["text"] for r in passages)
    assert (folder / "figures" / "topics_stance.png").stat().st_size > 5000
