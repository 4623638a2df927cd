"""[corpus] format = "newsgroups" in a stance config: the groups are the labels, read from the tarball itself
(a small 20news-bydate tarball of seed paragraphs, so that no shared data is needed)."""
from dataclasses import replace

import pytest

from experiments.config import schema as cfg
from experiments.corpus.data import load_segments, segment_labels
from features.read.encoding import CorpusError
from tests import catalogue
from tests.catalogue_round33 import newsgroups_tarball

CONFIG = ('[experiment]\nname = "ng"\n[corpus]\nformat = "newsgroups"\npath = "ng.tar.gz"\nlanguage = "en"\n'
          'categories = ["rec.autos", "sci.space"]\n[stance]\nlabels = ["rec.autos", "sci.space"]\n')


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "ng.tar.gz").write_bytes(newsgroups_tarball(catalogue))
    (tmp_path / "ng.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def test_the_groups_are_the_stance_labels(folder):
    config = cfg.load(folder / "ng.toml")
    segments = load_segments(config)
    labels = segment_labels(config, segments)
    assert len(segments) == 24 and labels == [s.id.split("/")[1] for s in segments]
    assert sorted(set(labels)) == ["rec.autos", "sci.space"]


def test_a_group_outside_the_stance_labels_is_named_by_the_config(folder):
    (folder / "ng.toml").write_text(CONFIG.replace('"rec.autos", "sci.space"]\n[stance]', '"sci.med"]\n[stance]'),
                                    encoding="utf-8")
    with pytest.raises(cfg.ConfigError, match=r"ng.toml: \[corpus\] categories: .*'sci.med' is not one of"):
        cfg.load(folder / "ng.toml")


def test_a_label_of_the_corpus_outside_the_stance_labels_is_refused_at_reading(folder):
    config = cfg.load(folder / "ng.toml", ['stance.labels=["rec.autos", "sci.space", "x"]'])
    segments = load_segments(config)
    segments[0] = replace(segments[0], label="alt.atheism")  # a corpus whose own labels the config does not list
    with pytest.raises(CorpusError, match="label 'alt.atheism' .* is not one of \\[stance\\] labels"):
        segment_labels(config, segments)
