"""The plain scikit-learn side of the predict benchmark: the same features and classifier as a saved model.

A researcher without stancelab would write a `Pipeline(FeatureUnion(word TfidfVectorizer, char
TfidfVectorizer, cue counts), classifier)` on the raw text. `plain_pipeline(card, cues)` builds exactly that
from a stance model's card: the word and character parts the card names, with its n-gram ranges, min_df,
max_df, max_features and sublinear_tf; the stop words of the card's language less its kept words
(scikit-learn's `stop_words` parameter); when the card counts codebook cues, one TfidfVectorizer per label
whose token pattern matches its cues (lower case, accents stripped, as stancelab's; the cue lists of the
model's config); the classifier type the card chose with every one of its parameters (C or alpha,
class_weight, loss, random_state, ...). A card's per-class offsets are added to the decision values before
the argmax, as a researcher would (`PLAIN_SCRIPT`). What plain scikit-learn has no parameter for is left out
and said so: lemmas, number dropping and French elisions (stancelab's text preparation). `train_plain` fits
it on the card's own labelled rows (the annotations file it names, joined to the UN passages by id), so both
ways label with models trained on the same labels.

The inputs both ways label: `write_passages` (the 17,080 UN passages) and `write_paragraphs` (distinct
paragraphs of the 2,132 whole UN speeches of 2014-2024, 107,678 at most).
"""
from __future__ import annotations

import csv
import tarfile
from pathlib import Path

from experiments.benchmarks.common import ROOT

PASSAGES = Path("ungdc") / "ungdc_nuclear_paragraphs_1946_2024.csv"
SPEECHES = Path("ungdc") / "speeches_2014_2024.tar.gz"
CLASSIFIERS = {"logreg": ("sklearn.linear_model", "LogisticRegression"),
               "linear_svm": ("sklearn.svm", "LinearSVC"),
               "sgd": ("sklearn.linear_model", "SGDClassifier"),
               "complement_nb": ("sklearn.naive_bayes", "ComplementNB")}
# What plain scikit-learn has no parameter for: the benchmark's plain side then would not be like for like.
NOT_PLAIN = {"embeddings": "none"}

PLAIN_SCRIPT = """
import csv, sys, joblib
model, offsets = joblib.load(sys.argv[1])  # a file this benchmark wrote itself a moment ago
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
texts = [r["text"] for r in rows]
if offsets is None:
    labels = model.predict(texts)
else:  # per-class offsets shift the decision values (in model.classes_ order)
    labels = model.classes_[(model.decision_function(texts) + offsets).argmax(axis=1)]
with open(sys.argv[3], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\\n"); w.writerow(["id", "label"])
    w.writerows(zip([r["id"] for r in rows], labels))
"""


def passage_id(row: dict) -> str:
    """The id stancelab gives a UN passage (the annotations' key).

    >>> passage_id({"country": "FRA", "session": "1", "year": "1946", "para_idx": "18"})
    'FRA_1_1946_18'
    """
    return f"{row['country']}_{row['session']}_{row['year']}_{row['para_idx']}"


def classifier_name(card: dict) -> str:
    """The card's classifier: its model, or the one `selected` chose.

    >>> classifier_name({"model": "selected", "best_params": {"clf": "sgd", "clf__alpha": 0.001}})
    'sgd'
    """
    return card["best_params"]["clf"] if card["model"] == "selected" else card["model"]


def check_plain(card: dict) -> None:
    """Refuse a model whose features plain scikit-learn cannot build (sentence vectors)."""
    odd = [k for k, plain in NOT_PLAIN.items() if card["features"].get(k, plain) != plain]
    if odd:
        raise SystemExit(f"error: the model uses {', '.join(odd)}: the plain side builds TF-IDF n-gram and cue "
                         "count models only")


def model_cues(model_path: Path) -> dict:
    """The cue lists of the model's experiment: the [keywords] of the config.toml beside it, else the codebook's.

    >>> model_cues(ROOT / "results" / "seeds_stance" / "model.skops")["none"]
    []
    """
    import tomllib

    from experiments.stance.cues import CODEBOOK_CUES

    config = Path(model_path).with_name("config.toml")
    keywords = tomllib.loads(config.read_text(encoding="utf-8")).get("keywords", {}) if config.is_file() else {}
    return {**CODEBOOK_CUES, **{k: v for k, v in keywords.items() if isinstance(v, list)}}


def cue_parts(card: dict, cues: dict | None) -> list:
    """One plain cue counter per label of the card that has cues (none when the card counts no cues)."""
    from experiments.stance.cuefeatures import cue_counter, cue_token_pattern

    if not card["features"].get("cue_counts"):
        return []
    if cues is None:
        raise SystemExit("error: the model counts cues: give the cue lists of its config")
    return [(f"cues_{label}", cue_counter(cues[label])) for label in card["labels"]
            if cue_token_pattern(cues.get(label, ()))]


def stop_words(card: dict) -> list[str] | None:
    """The card's stop words less its kept words (negations), as scikit-learn's `stop_words` list."""
    from features.text.language import stop_word_set

    if not card["preprocess"]["stop_words"]:
        return None
    return sorted(stop_word_set(card["language"]) - set(card["preprocess"]["keep_words"]))


def plain_pipeline(card: dict, cues: dict | None = None):
    """An unfitted Pipeline(FeatureUnion(word, char TfidfVectorizer, cue counts), classifier) with the card's
    settings; `cues` ({label: cues}, `model_cues`) when the card counts cues."""
    import importlib

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline

    check_plain(card)
    f = card["features"]
    common = {"min_df": f["min_df"], "max_df": f["max_df"], "max_features": f["max_features"] or None,
              "sublinear_tf": f["sublinear_tf"], "lowercase": card["preprocess"]["lowercase"]}
    parts = []
    if f["words"]:
        parts.append(("word", TfidfVectorizer(ngram_range=tuple(f["word_ngram_range"]), stop_words=stop_words(card),
                                              **common)))
    if f["chars"]:
        parts.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(f["char_ngram_range"]), **common)))
    parts += cue_parts(card, cues)
    module, name = CLASSIFIERS[classifier_name(card)]
    classifier = getattr(importlib.import_module(module), name)(**card["params"])
    return Pipeline([("tfidf", FeatureUnion(parts)), ("clf", classifier)])


def labelled_passages(card: dict, data: Path) -> tuple[list[str], list[str]]:
    """(texts, labels) of the UN passages the card's annotations label, in the passages file's order."""
    with open(ROOT / card["training_data"]["annotations"], encoding="utf-8") as f:
        labels = {r["id"]: r["label"] for r in csv.DictReader(f)}
    texts, y = [], []
    with open(data / PASSAGES, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if passage_id(r) in labels:
                texts.append(r["text"])
                y.append(labels[passage_id(r)])
    return texts, y


def train_plain(card: dict, data: Path, path: Path, cues: dict | None = None) -> Path:
    """(the plain pipeline fit on the card's labelled UN passages, the card's class offsets in the order of its
    classes or None), saved with joblib at `path`."""
    import joblib
    import numpy as np

    texts, y = labelled_passages(card, data)
    if len(y) != card["training_data"]["n_segments"]:
        raise SystemExit(f"error: {len(y)} labelled passages found, the card says "
                         f"{card['training_data']['n_segments']}: not the labels the model was trained on")
    model = plain_pipeline(card, cues).fit(texts, y)
    offsets = card.get("class_offsets")
    joblib.dump((model, np.array([offsets.get(str(c), 0.0) for c in model.classes_]) if offsets else None), path)
    return path


def write_rows(path: Path, rows) -> int:
    """An id,text table of (id, text) rows; returns the number of rows."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as g:
        writer = csv.writer(g, lineterminator="\n")
        writer.writerow(["id", "text"])
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def write_passages(data: Path, path: Path) -> int:
    """id,text of every UN passage."""
    with open(data / PASSAGES, encoding="utf-8") as f:
        return write_rows(path, ((passage_id(r), r["text"]) for r in csv.DictReader(f)))


def distinct_paragraphs(data: Path, n: int):
    """The first `n` distinct paragraphs (lines, whitespace collapsed) of the speeches in file-name order,
    as (id "<speech>:<line>", text)."""
    seen: set[str] = set()
    with tarfile.open(data / SPEECHES) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".txt")),
                         key=lambda m: m.name)
        for m in members:
            for line, raw in enumerate(tar.extractfile(m).read().decode("utf-8").splitlines(), start=1):
                text = " ".join(raw.split())
                if text and text not in seen:
                    seen.add(text)
                    yield f"{Path(m.name).stem}:{line}", text
                    if len(seen) == n:
                        return


def write_paragraphs(data: Path, path: Path, n: int) -> int:
    """id,text of the first `n` distinct speech paragraphs."""
    return write_rows(path, distinct_paragraphs(data, n))
