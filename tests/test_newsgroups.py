"""The 20 Newsgroups reader and the reproduction of scikit-learn's k-means example (needs ../shared/data)."""
import json
from collections import Counter

import pytest

from experiments.config import schema as cfg
from experiments.run.runner import run
from features.read.encoding import CorpusError
from features.read.newsgroups import read_newsgroups
from tests.conftest import ROOT, shared_data

pytestmark = pytest.mark.shared
GROUPS = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]


@pytest.fixture(scope="module")
def tarball():
    return shared_data("20newsgroups", "20news-bydate.tar.gz")


def test_four_groups_train_and_test_are_the_3387_messages_of_the_example(tarball):
    segments = read_newsgroups(tarball, GROUPS)
    assert len(segments) == 3387 and len({s.id for s in segments}) == 3387
    counts = Counter((s.split, s.label) for s in segments)
    assert counts[("train", "sci.space")] == 593 and counts[("test", "talk.religion.misc")] == 251
    assert all(s.label == s.source and s.id.startswith(f"{s.split}/{s.label}/") for s in segments)
    # Metadata removed as scikit-learn does: the header block and quoted replies are gone (a few bodies
    # quote a forwarded message's own "From:" line, which scikit-learn keeps too).
    assert sum(s.text.lstrip().startswith(("From:", "Subject:")) for s in segments) < 10
    assert not any(line.startswith(">") for s in segments for line in s.text.splitlines())


def test_headers_kept_when_not_removed(tarball):
    kept = read_newsgroups(tarball, ["sci.space"], ["test"], remove=[])
    assert len(kept) == 394 and all("Subject:" in s.text for s in kept)
    assert sum(s.text.startswith("From:") for s in kept) > 350


def test_unknown_group_is_one_line(tarball):
    with pytest.raises(CorpusError, match=r"no messages for group\(s\) sci\.spaec; check \[corpus\] categories"):
        read_newsgroups(tarball, ["sci.spaec"])


@pytest.mark.slow
def test_lsa_benchmark_reproduces_the_published_v_measure(tarball, tmp_path):
    path = ROOT / "experiments" / "configs" / "news_clust_lsa.toml"
    config = cfg.load(path, [f"corpus.path={json.dumps(str(tarball))}", "topics.k_max=2"])
    m = json.loads((run(config, str(path), tmp_path, log=lambda *a: None) / "metrics.json").read_text())
    topics = m["topics"]
    assert abs(topics["n_features"] - 7929) <= 10  # scikit-learn's tokenizer also keeps "a_b" as one word
    v = topics["benchmark"]["ours"]["v_measure"]["mean"]
    assert abs(v - 0.421) <= 0.02, v
    assert topics["benchmark"]["published"] == {"v_measure": 0.421, "v_measure_std": 0.007, "ari": 0.338}


def test_a_topics_run_scores_clusters_against_the_newsgroups_themselves(tarball):
    """Without a [stance] section the newsgroups are the labels clusters are scored against, whatever their
    names: they are checked against [stance] labels only where a stance step reads them."""
    from experiments.corpus.data import load_segments
    from experiments.topics.external import reference_labels

    path = ROOT / "experiments" / "configs" / "news_clust_lsa.toml"
    config = cfg.load(path, [f"corpus.path={json.dumps(str(tarball))}"])
    assert config.stance is None
    segments = load_segments(config)
    assert Counter(reference_labels(config, segments, "labels")) == Counter(s.label for s in segments)
    assert set(reference_labels(config, segments, "labels")) == set(GROUPS)
