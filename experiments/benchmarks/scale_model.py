"""The model the scale benchmark times `stancelab predict` with: logistic regression on the labelled passages."""
from __future__ import annotations

from pathlib import Path

from experiments.benchmarks.scale_data import LABELS, RANDOM_STATE, labelled_rows
from experiments.benchmarks.scale_search import STANCE_LABELS, classifier_params, feature_settings, text_settings
from experiments.stance import modelfile
from experiments.stance.models import make_classifier, make_pipeline
from features.tfidf.vectorize import make_vectorizer, vectorizer_input


def train_model(source: Path, path: Path):
    """The model `predict` uses: logistic regression (C = 10) on the labelled passages, saved with a card."""
    rows = labelled_rows(source)
    texts, y = [r["text"] for r in rows], [r["label"] for r in rows]
    model = make_pipeline(make_vectorizer(feature_settings()),
                          make_classifier("logreg", classifier_params("logreg"), RANDOM_STATE))
    model.fit(vectorizer_input(texts, text_settings()), y)
    ts = text_settings()
    preprocess = {k: getattr(ts, k) for k in ("lowercase", "strip_accents", "stop_words", "lemmatize",
                                              "drop_numbers", "min_token_length")}
    card = {"experiment": "scale_benchmark", "model": "logreg", "labels": STANCE_LABELS,
            "probability": {"method": "predict_proba"}, "language": "en",
            "preprocess": {**preprocess, "keep_words": list(ts.keep_words)}, "segments": {"unit": "document"},
            "random_state": RANDOM_STATE, "training_data": {"n_segments": len(y), "annotations": str(LABELS)}}
    return modelfile.save(model, path, card)[0]
