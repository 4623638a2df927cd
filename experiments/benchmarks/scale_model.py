"""The models the scale benchmark's predict stage uses, both ways: logistic regression on the labelled UN passages.

stancelab's is saved as a stance model file with its card (experiments/stance/modelfile.py) and run by
`stancelab predict` (labels, probabilities and the top n-grams of every row). The plain one is the same
vectorizer settings and classifier written with scikit-learn alone, saved with skops and run by PLAIN_PREDICT
(labels and probabilities, no explanation): what a researcher would write.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from experiments.benchmarks.common import ROOT
from experiments.benchmarks.scale_corpus import PASSAGES
from experiments.benchmarks.scale_search import classifier_params, feature_settings, plain_classifier, plain_vectorizer
from experiments.benchmarks.scale_search import text_settings as stance_text_settings
from experiments.benchmarks.scale_stages import RANDOM_STATE

LABELS = ROOT / "seeds" / "ungdc" / "labels.csv"
STANCE_LABELS = ["deterrence", "escalation", "reassurance", "none"]
# The types the plain model holds beyond scikit-learn's: the preprocessor (stancelab's text preparation).
PLAIN_TRUSTED = ["features.text.language.TextSettings", "features.text.language.prepare_text", "functools.partial"]
PLAIN_PREDICT = """import csv, sys
import skops.io as sio
csv.field_size_limit(sys.maxsize)  # a long newsgroup post fits in one cell
model = sio.load(sys.argv[1], trusted=sys.argv[4].split(","))
with open(sys.argv[2], encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
proba = model.predict_proba([r["text"] for r in rows])
labels = model.classes_[proba.argmax(axis=1)]
with open(sys.argv[3], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "label", *[f"p_{c}" for c in model.classes_]])
    w.writerows([r["id"], lab, *(f"{p:.4f}" for p in ps)] for r, lab, ps in zip(rows, labels, proba))
"""


def labelled_passages(data: Path) -> tuple[list[str], list[str]]:
    """Texts and stance labels of the labelled UN passages (seeds/ungdc/labels.csv), in the labels' order."""
    csv.field_size_limit(1 << 30)
    with open(LABELS, encoding="utf-8", newline="") as f:
        labels = {r["id"]: r["label"] for r in csv.DictReader(f)}
    with open(data / PASSAGES, encoding="utf-8", newline="") as f:
        rows = {"_".join(r[c] for c in ("country", "session", "year", "para_idx")): r["text"]
                for r in csv.DictReader(f)}
    return [rows[i] for i in labels], list(labels.values())


def train_stancelab(data: Path, path: Path) -> Path:
    """stancelab's model (word 1-2-grams, logistic regression C = 10), saved with its card."""
    from experiments.stance import modelfile
    from experiments.stance.models import make_classifier, make_pipeline
    from features.tfidf.vectorize import make_vectorizer, vectorizer_input

    texts, y = labelled_passages(data)
    ts = stance_text_settings()
    model = make_pipeline(make_vectorizer(feature_settings()),
                          make_classifier("logreg", classifier_params("logreg"), RANDOM_STATE))
    model.fit(vectorizer_input(texts, ts), y)
    preprocess = {k: getattr(ts, k) for k in ("lowercase", "strip_accents", "stop_words", "lemmatize",
                                              "drop_numbers", "min_token_length")}
    card = {"experiment": "scale_benchmark", "model": "logreg", "labels": STANCE_LABELS,
            "probability": {"method": "predict_proba"}, "language": "en",
            "preprocess": {**preprocess, "keep_words": list(ts.keep_words)}, "segments": {"unit": "document"},
            "random_state": RANDOM_STATE, "training_data": {"n_segments": len(y), "annotations": str(LABELS)}}
    return modelfile.save(model, path, card)[0]


def train_plain(data: Path, path: Path) -> Path:
    """The same model with scikit-learn alone: Pipeline(TfidfVectorizer, LogisticRegression), saved with skops."""
    import skops.io as sio
    from sklearn.pipeline import Pipeline

    texts, y = labelled_passages(data)
    model = Pipeline([("tfidf", plain_vectorizer()), ("clf", plain_classifier("logreg", RANDOM_STATE))]).fit(texts, y)
    tmp = path.with_suffix(".tmp")
    sio.dump(model, tmp)
    return tmp.replace(path)


def predict_argv(way: str, model: Path, table: Path, out: Path) -> list[str]:
    """The predict command of one way: `stancelab predict`, or PLAIN_PREDICT in a fresh interpreter."""
    if way == "stancelab":
        return [sys.executable, "-m", "experiments.cli", "predict", str(model), str(table), "--out", str(out),
                "--quiet"]
    return [sys.executable, "-c", PLAIN_PREDICT, str(model), str(table), str(out), ",".join(PLAIN_TRUSTED)]
