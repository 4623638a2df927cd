"""Guided topics ([topics] seed_words) and the rerun ARI of a consensus, on the first 600 UN passages."""
import csv
import json

import numpy as np
import pytest
from sklearn.metrics.pairwise import cosine_similarity

from experiments.config import schema as cfg
from experiments.corpus import engine
from experiments.corpus.data import load_segments
from experiments.run.runner import run
from experiments.topics import guided
from experiments.topics.clustering import fit_partition, represent
from experiments.topics.interpret import top_terms
from tests.conftest import ROOT, shared_data
from tests.topic_helpers import un_head_table

UN = ROOT / "experiments" / "configs" / "ungdc_topics.toml"
ENERGY = ["energy", "peaceful", "atomic energy"]


@pytest.fixture(scope="module")
def un600(tmp_path_factory):
    """The first 600 UN passages (1946-1960s) as a table, a config reading it, and its TF-IDF and LSA."""
    table = un_head_table(tmp_path_factory.mktemp("un"))
    overrides = [f'corpus.path="{table.as_posix()}"', 'corpus.annotations=""', "topics.n_init=1",
                 "topics.n_components=30", "features.min_df=2", "topics.score_against=[]"]
    config = cfg.load(UN, overrides)
    segments = load_segments(config)
    features = engine.feature_input(config, [s.text for s in segments])
    vectorizer = features.vectorizer()
    X = vectorizer.fit_transform(features.X)
    return {"X": X, "names": features.names(vectorizer), "text": features.text, "t": config.topics,
            "lsa": represent(X, config.topics, 0), "overrides": overrides}


def test_seed_words_are_matched_as_the_corpus_is_prepared(un600):
    found = guided.seed_terms([["Testing", "nuclear tests", "qwertyuiop"]], un600["text"], un600["names"])[0]
    assert found["terms"] == ["test", "nuclear test"]  # lemmas, as the corpus's features
    assert found["missing"] == ["qwertyuiop"]
    assert [str(un600["names"][j]).split("__")[-1] for j in found["columns"]] == found["terms"]
    with pytest.raises(cfg.ConfigError, match=r"seed_words\[0\] \['qwertyuiop'\]: no word is a feature"):
        guided.seed_terms([["qwertyuiop"]], un600["text"], un600["names"])


def test_seed_words_anchor_a_topic_that_plain_kmeans_finds_for_some_seeds_only(un600):
    """k = 4 on 1946-60s passages: the anchored first topic is about atomic energy for every seed; plain
    k-means with the same seeds has such a topic for about half of them (5 of 10 when written)."""
    X, t, lsa, names = un600["X"], un600["t"], un600["lsa"], un600["names"]
    found = guided.seed_terms([ENERGY], un600["text"], names)
    anchors = guided.anchor_rows([f["columns"] for f in found], X.shape[1])
    anchored, plain = 0, 0
    for seed in range(10):
        part = fit_partition(X, t, 4, seed, lsa, anchors=anchors)
        anchored += "energy" in [w for w, _ in top_terms(part.term_weights, names, 5)[0]]
        free = fit_partition(X, t, 4, seed, lsa)
        plain += any("energy" in [w for w, _ in ts] for ts in top_terms(free.term_weights, names, 5))
    assert anchored == 10 and plain < anchored, (anchored, plain)


def test_anchored_topics_move_freely(un600):
    """Anchored, not fixed: the centroid leaves the seed words' point and the topic holds passages without them."""
    X, t, lsa, names = un600["X"], un600["t"], un600["lsa"], un600["names"]
    found = guided.seed_terms([ENERGY], un600["text"], names)
    anchors = guided.anchor_rows([f["columns"] for f in found], X.shape[1])
    part = fit_partition(X, t, 4, 0, lsa, anchors=anchors)
    start = guided.anchor_centers(anchors, lsa[1], True)
    center = part.X_fit[part.labels == 0].mean(axis=0, keepdims=True)
    assert cosine_similarity(start, center)[0, 0] < 0.9
    has_seed = np.asarray(X[:, found[0]["columns"]].sum(axis=1)).ravel() > 0
    assert (part.labels[~has_seed] == 0).any() and (part.labels[has_seed] != 0).any()


@pytest.mark.slow
def test_a_guided_run_with_consensus_records_its_anchors_and_rerun_ari(un600, tmp_path):
    seed_words = [ENERGY, ["test", "testing", "test ban", "qwertyuiop"]]
    config = cfg.load(UN, [*un600["overrides"], f"topics.seed_words={json.dumps(seed_words)}", "topics.n_seeds=3",
                           "topics.k_rule='fixed'", "topics.n_clusters=5", "topics.k_min=5", "topics.k_max=5"])
    assert config.topics.seed_words == tuple(map(tuple, seed_words)) and config.topics.consensus == "objective"
    folder = run(config, str(UN), tmp_path, log=lambda *a: None)
    m = json.loads((folder / "metrics.json").read_text())["topics"]
    g = m["guided"]
    assert g["seed_words"] == ["energy; peaceful; atomic energy", "test; testing; test ban; qwertyuiop"]
    assert g["terms"][1] == "test" and g["missing"] == ["", "test ban; qwertyuiop"]  # no "test ban" in 600 passages
    assert g["label"] == [m["labels"][c] for c in g["cluster"]] and len(set(g["cluster"])) == 2
    terms = list(csv.DictReader(open(folder / "tables" / "topic_terms.csv")))
    for i, c in enumerate(g["cluster"]):
        top = {r["term"] for r in terms if int(r["cluster"]) == c}
        kept = [w for w in g["terms"][i].split("; ") if w in top]
        assert g["terms_in_top_terms"][i] == "; ".join(kept) and g["kept"][i] == bool(kept)
        assert 0.5 < g["share_of_seed_clusters"][i] <= 1.0
    assert all(g["kept"])  # both topics are well represented in these years
    assert len(list(csv.DictReader(open(folder / "tables" / "guided_topics.csv")))) == 2
    c = m["consensus"]
    assert c["rerun_seeds"] == [2043, 2044, 2045] and -1 <= c["rerun_ari"] <= 1 and -1 <= c["split_half_ari"] <= 1
    assert cfg.load(folder / "config.toml").topics.seed_words == config.topics.seed_words  # reruns as it ran
    report = (folder / "report.md").read_text()
    assert "rerun_ari" in report and "seed words energy, peaceful, atomic energy; test" in report


@pytest.mark.parametrize("override, message", [
    ("topics.seed_words=[['energy'], ['test']]", None),
    ("topics.seed_words=[['energy']]", r"method 'nmf' has none"),
    ("topics.seed_words=[['a'], ['b'], ['c']]", r"3 lists but k can be 2"),
    ("topics.seed_words=[['a'], []]", r"an empty list anchors nothing"),
    ("topics.seed_words=[['a', 1]]", r"every item must be a list of strings"),
    ("topics.seed_words=['a']", r"every item must be list"),
])
def test_impossible_seed_words_are_config_errors(override, message):
    shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")  # the config reads it
    fixed = ["topics.k_rule='fixed'", "topics.n_clusters=4", "topics.k_min=2", "topics.k_max=3"]
    if message is None:
        assert cfg.load(UN, [override, *fixed]).topics.seed_words == (("energy",), ("test",))
        return
    extra = ["topics.method='nmf'", "topics.representation='tfidf'"] if "nmf" in message else []
    with pytest.raises(cfg.ConfigError, match=message):
        cfg.load(UN, [override, *fixed, *extra])
