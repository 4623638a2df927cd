"""The collapse benchmark's premises on the real UN passages: every passage repeated, ids unique, the config the
stance step reads (grouped by country, word n-grams counted once), and no row collapsed across labels."""
import csv
from collections import Counter

from experiments.benchmarks.collapse_speed import MODELS, copies_of, repeated_corpus
from experiments.config import schema
from tests.conftest import shared_data


def test_every_passage_is_repeated_under_its_own_label_and_group(tmp_path):
    data = shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv").parents[1]  # skips when absent
    config = schema.load(repeated_corpus(data, tmp_path, 3, list(MODELS)), [])
    with open(config.corpus.path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    passages = Counter(r["id"].rsplit("_", 1)[0] for r in rows)
    assert sorted(passages.values()) == sorted(copies_of(len(passages), 3).tolist())
    assert len({r["id"] for r in rows}) == len(rows) and max(passages.values()) == 5
    by_passage = {}
    for r in rows:  # a passage's copies share its text, label and country
        by_passage.setdefault(r["id"].rsplit("_", 1)[0], set()).add((r["text"], r["label"], r["group"]))
    assert all(len(v) == 1 for v in by_passage.values()) and len(by_passage) > 1000
    assert config.features.engine == "cached" and config.evaluation.protocols == ("grouped_cv",)
    assert config.stance.models == MODELS and not config.stance.class_offsets
