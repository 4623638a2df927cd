"""Predicted stance share over the whole corpus, per value of a column (`[stance] share_by`).

The final model (saved by the stance step, loaded back from model.skops exactly as `stancelab predict` loads
it) labels every segment of the corpus, labelled or not; the tables give, per decade, country or any other
column, the share of segments predicted as each stance ("classify and count").

Read these shares with the model's cross-validated confusion matrix beside them: a stance the model
over-predicts is over-counted in every decade alike. The labelled segments are part of the corpus and of
the model's training data, so their predictions are mostly their labels; metrics.json says how many.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from experiments.config.resolved import Config
from experiments.config.schema import ConfigError
from experiments.output.shares import one_hot, segment_values, share_table
from experiments.output.tables import write_rows
from experiments.run import layout
from experiments.stance import modelfile
from experiments.stance.predict import card_labels


def predicted_labels(model, card: dict, X, chunk_size: int = 10_000) -> np.ndarray:
    """The card's label of highest probability for each row of prepared text `X`, a chunk at a time.

    Illustration: predicted_labels(model, card, np.array(["no evidence of preparations"], dtype=object))
             -> array(["reassurance"], dtype=object)
    """
    # bounded memory: one chunk's TF-IDF rows at a time
    out = [card_labels(model, card, X[start:start + chunk_size])[0] for start in range(0, len(X), chunk_size)]
    return np.concatenate(out) if out else np.array([], dtype=object)


def corpus_shares(config: Config, segments, features, labelled_ids: set[str], run_dir: Path, log) -> dict:
    """Write tables/stance_share_<column>.csv and corpus_predictions.csv; returns the metrics entry.

    `features` is the run's FeatureInput of `segments`: the saved model reads its prepared text.
    """
    columns = config.stance.share_by
    model, card = modelfile.load(Path(run_dir) / layout.MODEL)
    predicted = predicted_labels(model, card, features.prepared_text())
    shares = one_hot(predicted, card["labels"])
    tables = layout.tables(run_dir)
    write_rows(tables / "corpus_predictions.csv", ["id", "predicted"],
               [(s.id, p) for s, p in zip(segments, predicted, strict=True)])
    for column in columns:
        keys = segment_values(segments, column)
        if not any(keys):
            raise ConfigError(f"[stance] share_by: column {column!r} is empty for every segment; name a segment "
                              "field (doc, date, source, group) or a [corpus] metadata column (decade, country...)")
        write_rows(tables / f"stance_share_{column}.csv", [column, "label", "share", "n_segments"],
                   share_table(shares, keys, card["labels"]))
    overall = {lab: round(float(v), 6) for lab, v in zip(card["labels"], shares.mean(axis=0), strict=True)}
    log(f"stance share over {len(segments)} corpus segments (final model): "
        + ", ".join(f"{lab} {v:.3f}" for lab, v in overall.items()))
    return {"n_segments": len(segments), "n_labelled_in_corpus": sum(s.id in labelled_ids for s in segments),
            "columns": list(columns), "overall": overall, "model": card["model"]}
