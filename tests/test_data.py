"""The seed annotations: every sentence segment labelled, with codebook labels only."""
import csv

import pytest

from experiments.config import LABELS
from experiments.data import labelled, read_annotations
from features.encoding import CorpusError
from tests.conftest import SEEDS


def test_annotations_cover_every_seed_sentence(seed_segments):
    rows = list(csv.DictReader(open(SEEDS / "annotations.csv", encoding="utf-8")))
    assert [r["id"] for r in rows] == [s.id for s in seed_segments]
    assert all(r["rationale"].strip() for r in rows)
    y = labelled(seed_segments, read_annotations(SEEDS / "annotations.csv", LABELS), "annotations.csv")
    assert set(y) == set(LABELS)


def test_codebook_defines_every_label():
    codebook = (SEEDS / "CODEBOOK.md").read_text(encoding="utf-8")
    for label in LABELS:
        assert f"### {label}" in codebook


def test_misspelled_label_suggests_the_nearest(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,label\nx:0:0,deterence\n")
    with pytest.raises(CorpusError, match=r"a\.csv:2: unknown label 'deterence'; did you mean 'deterrence'"):
        read_annotations(path, LABELS)


def test_unlabelled_segments_are_listed(seed_segments):
    with pytest.raises(CorpusError, match="34 segment\\(s\\) have no annotation"):
        labelled(seed_segments, {seed_segments[0].id: "none"}, "a.csv")
