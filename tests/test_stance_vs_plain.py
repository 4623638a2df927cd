"""The stance-versus-plain benchmark's premises on real text: the plain pipeline computes stancelab's matrix,
and the corpora are what they claim (distinct tweet-sized texts, five targets of three labels each)."""
import csv

import numpy as np

from experiments.benchmarks import stance_plain
from experiments.benchmarks.stance_corpora import FEATURES, MAX_CHARS, TARGETS, five_targets
from experiments.config import schema
from features.tfidf.settings import FeatureSettings
from features.tfidf.vectorize import make_vectorizer
from tests.conftest import shared_data


def test_the_plain_pipeline_computes_stancelabs_matrix(seed_segments):
    """Equal predictions need equal inputs: the plain ColumnTransformer is stancelab's vectorizer, written plainly."""
    X = stance_plain.prepared([s.text for s in seed_segments])
    ours = make_vectorizer(FeatureSettings(words=True, chars=True, **FEATURES)).fit_transform(X)
    plain = stance_plain.pipeline()[0].fit_transform(X)
    assert ours.shape == plain.shape and ours.shape[1] > 1000
    assert abs(ours - plain).max() == 0.0


def test_five_targets_are_distinct_tweet_sized_texts_with_a_fixed_split(tmp_path):
    shared_data("20newsgroups", "20news-bydate.tar.gz")  # skips when the public datasets are absent
    corpus = five_targets(shared_data(), tmp_path)
    with open(corpus.table, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    texts = [r["text"] for r in rows]
    assert len(set(texts)) == len(texts) and max(map(len, texts)) <= MAX_CHARS
    labels_of = {t: {r["label"] for r in rows if r["target"] == t} for t in TARGETS}
    assert labels_of == {t: set(groups) for t, groups in TARGETS.items()}
    split = np.array([r["split"] for r in rows])
    assert 0.25 < (split == "test").mean() < 0.35
    config = schema.load(corpus.config, [])
    assert config.stance.per_group_column == "target" and config.evaluation.protocols == ("fixed_split",)


def test_on_the_un_labels_stancelab_tests_the_folds_the_plain_way_tests(tmp_path):
    """Same folds, or the two ways' CPU and predictions are not comparable: stancelab's grouped CV of the
    benchmark's UN corpus holds out the countries the plain StratifiedGroupKFold holds out, fold by fold."""
    from pathlib import Path

    from experiments.benchmarks.stance_corpora import build
    from experiments.benchmarks.stance_vs_plain import stancelab_test_folds

    shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")  # skips when the public datasets are absent
    corpus = build("un", shared_data(), tmp_path, Path("."))
    rows = stance_plain.read_table(corpus.table)
    ids = stance_plain.column(rows, "id")
    plain = stance_plain.group_folds(stance_plain.column(rows, "label"), stance_plain.column(rows, "group"))
    assert len(ids) > 1000 and stancelab_test_folds(corpus) == [sorted(ids[test]) for _, test in plain]


def test_on_five_targets_stancelab_trains_and_searches_on_the_rows_and_folds_of_the_plain_way(tmp_path):
    """Same training rows and inner folds per target, or C and predictions differ: texts identical once prepared
    (a few in five_targets) would otherwise share an inner fold and keep a test text's copies out of training
    under stancelab's default duplicates = "group", which the plain StratifiedKFold and fit do not do."""
    from sklearn.model_selection import StratifiedKFold

    from experiments.benchmarks.stance_vs_plain import SEED
    from experiments.corpus import engine
    from experiments.corpus.data import load_segments
    from experiments.corpus.labelled import load_labelled
    from experiments.stance import groups, splits
    from experiments.stance.evaluate import inner_splits

    shared_data("20newsgroups", "20news-bydate.tar.gz")  # skips when the public datasets are absent
    config = schema.load(five_targets(shared_data(), tmp_path).config, [])
    segments = load_segments(config)
    data = load_labelled(config, segments, engine.feature_input(config, [s.text for s in segments]))
    plan = splits.plan("fixed_split", data, config.evaluation, SEED, groups.cv_groups(data, config, check=False))
    (_, train, _), = plan.splits
    test = data.column("split") == "test"
    assert sorted(train) == list(np.flatnonzero(~test))  # every training row, as the plain way fits them
    targets = data.column("target")
    for target in sorted(set(targets)):
        rows = train[targets[train] == target]
        ours = inner_splits(data.y[rows], None if plan.groups is None else plan.groups[rows], 5, SEED)
        plain = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED).split(rows, data.y[rows])
        assert [(a.tolist(), b.tolist()) for a, b in ours] == [(a.tolist(), b.tolist()) for a, b in plain], target
