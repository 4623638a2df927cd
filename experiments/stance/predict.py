"""`stancelab predict MODEL INPUT...`: label new text with a saved stance model, in chunks.

Inputs: article files (.txt) or folders of them, segmented as the model's corpus was (the card's unit),
and CSV/TSV/JSONL tables with a `text` column (an `id` column is kept as is; without one the id is
"<file stem>:<line>"). Each table row is one segment; its article, for the summary, is its `doc` column
when it has one, else the table file.

Output: one CSV row per segment (id, text, label, p_<label> per label, top_ngrams: the n-grams that pushed
most toward the predicted label), and a per-article summary (segments and share of each predicted stance).
Segments are read lazily (tables too: features/read/tables.py streams them) and predicted `chunk_size` at a time
by `predict_chunk`, so memory stays bounded; a progress bar counts the chunks when stderr is a terminal.
"""
from __future__ import annotations

import contextlib
import csv
import os
import sys
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
from sklearn.compose import ColumnTransformer
from threadpoolctl import threadpool_limits

from experiments.run.progress import progress
from experiments.stance import explain, modelfile, probability
from features.atomic import atomic_write, refuse_inputs
from features.read.documents import ARTICLE_SUFFIXES, stream_article, stream_folder
from features.read.encoding import CorpusError
from features.read.paths import not_a_file
from features.read.tables import JSONL_SUFFIXES, TableSpec, raw_rows
from features.text.segments import iter_paragraph_segments
from features.tfidf.vectorize import CHAR_COLUMN, WORD_COLUMN, columns_read, vectorizer_input
from features.tfidf.vocab_counts import FastVectorizer

TABLE_SUFFIXES = (".csv", ".tsv", *JSONL_SUFFIXES)


@dataclass
class Item:
    """One segment to label: its id, text and the article it is summarised under."""

    id: str
    text: str
    article: str


def article_items(path: Path, unit: str, folder: bool) -> Iterator[Item]:
    """Segments of an article file or of every article of a folder, ids as `stancelab segments` prints them."""
    for doc, paragraphs in (stream_folder(path) if folder else [stream_article(path)]):
        if unit == "document":
            text = "\n\n".join(p for _, p in paragraphs)
            yield from ([Item(doc.id, text, doc.id)] if text else [])
            continue
        for number, paragraph in paragraphs:
            yield from (Item(s.id, s.text, doc.id) for s in iter_paragraph_segments(doc, number, paragraph, unit))


def table_items(path: Path, empty: str = "skip") -> Iterator[Item]:
    """Rows of a table with a `text` column; `id` kept as is (else "<stem>:<line>").

    A row whose text is empty or blank is never labelled (a model would still give it a label, counted in
    the shares): `empty="skip"` leaves it out with one warning counting such rows, "error" refuses the
    table at the first one. A table with no row at all is an error naming it.
    Illustration: [i.id for i in table_items(Path("new.csv"))] for rows (q-17, "La Russie…"), (q-18, " ")
             -> ["q-17"]  and warns: "new.csv: 1 row(s) with empty text skipped (line 3) …"
    """
    rows, blank = 0, []
    for line, row in raw_rows(path, TableSpec()):
        rows += 1
        if "text" not in row:
            raise CorpusError(f"{path}:{line}: no 'text' column (columns: {', '.join(row)}); name the column "
                              "holding the text 'text'")
        if not row["text"].strip():
            if empty == "error":
                raise CorpusError(f"{path}:{line}: empty text cell; fill it or remove the row (or give "
                                  "--empty skip to leave such rows out)")
            blank.append(line)
            continue
        item_id = row["id"] if row.get("id", "") != "" else f"{path.stem}:{line}"
        yield Item(item_id, row["text"], row.get("doc") or path.name)
    if not rows:
        what = "empty file (0 bytes)" if path.stat().st_size == 0 else "no rows (a header only)"
        raise CorpusError(f"{path}: {what}; nothing to label: give a table with a text column and one row per text")
    if blank:
        shown = ", ".join(map(str, blank[:5])) + (", …" if len(blank) > 5 else "")
        warnings.warn(f"{path}: {len(blank)} row(s) with empty text skipped (line(s) {shown}): not labelled, not "
                      "counted in the shares (--empty error refuses them)", UserWarning, stacklevel=2)


def input_kind(path: Path) -> str:
    """"folder", "table" or "article": how an input is read, or CorpusError when it cannot be (checked for
    every input before anything is written, so that standard output gets no half of a prediction table)."""
    if path.is_dir():
        return "folder"
    if what := not_a_file(path):  # a pipe would block the read for ever
        raise CorpusError(f"{path}: {'no such file or folder' if what == 'no such file' else what}; give "
                          "article files, a folder of them or a table")
    if path.suffix.lower() in TABLE_SUFFIXES:
        return "table"
    if path.suffix.lower() in ARTICLE_SUFFIXES:
        return "article"
    raise CorpusError(f"{path}: unknown input type; give .txt articles, a folder of them, or a "
                      f"{'/'.join(TABLE_SUFFIXES)} table with a text column")


def input_items(inputs: list[str], unit: str, empty: str = "skip") -> Iterator[Item]:
    """Every segment of every input, in the order given (each input is checked before it is read)."""
    for name in inputs:
        path = Path(name)
        kind = input_kind(path)
        if kind == "table":
            yield from table_items(path, empty)
        else:
            yield from article_items(path, unit, folder=kind == "folder")


def predict_chunk(model, card: dict, texts: list[str], n_top: int = 5, explained: tuple | None = None,
                  vectorizer=None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Labels, probabilities (columns in card["labels"] order) and top n-grams of one chunk of raw texts.
    `explained` (`explain.explainer(model)`) and `vectorizer` (`fast_vectorizer(model)`): made once by a
    caller that predicts many chunks.

    Illustration: predict_chunk(model, card, ["Aucune preuve de préparatifs."])[0] -> array(["reassurance"])
    """
    settings, columns = modelfile.text_settings(card), needed_columns(model)
    if isinstance(vectorizer, FastVectorizer):  # word counts straight from the tokens (features/tfidf/vocab_counts.py)
        features = vectorizer.transform_texts(texts, settings, columns)
    else:
        features = (vectorizer or model[:-1]).transform(vectorizer_input(texts, settings, columns))
    # computed once: the classifier and the explanation both read `features`
    labels, proba = card_labels(model[-1], card, features)
    return labels, proba, explain.prediction_ngrams(model, features, labels, n_top, explained)


def fast_vectorizer(model):
    """The saved model's TF-IDF step for prepared text, its word counts vectorised (features/tfidf/vocab_counts.py):
    the same matrix as `model[:-1].transform`, in a fraction of the time."""
    return FastVectorizer(model[0]) if isinstance(model[0], ColumnTransformer) else model[:-1]


def needed_columns(model) -> list[int]:
    """The prepared-text columns the saved model's vectorizer reads (a words-only model: no characters)."""
    vectorizer = model[0]
    return columns_read(vectorizer) if isinstance(vectorizer, ColumnTransformer) else [WORD_COLUMN, CHAR_COLUMN]


def card_labels(model, card: dict, X) -> tuple[np.ndarray, np.ndarray]:
    """Label of highest probability and the probabilities (columns in card["labels"] order) of prepared text X.

    Illustration: card_labels(model, card, vectorizer_input(["Aucune preuve de préparatifs."], settings))[0]
             -> array(["reassurance"], dtype=object)
    """
    proba = probability.predict_proba(model, X, card)
    classes = [str(c) for c in model.classes_]
    proba = proba[:, [classes.index(lab) for lab in card["labels"]]]
    return np.asarray(card["labels"], dtype=object)[np.argmax(proba, axis=1)], proba


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive lists of at most `size` items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def predict(model_path: str, inputs: list[str], out, chunk_size: int = 1000, n_top: int = 5,
            loaded: tuple | None = None, empty: str = "skip") -> tuple[dict, list]:
    """Write predictions as CSV to `out`; returns the per-article counts {article: Counter(label)} and labels.

    `loaded`: the (model, card) of `model_path` when already loaded.
    Illustration: predict("results/seeds_stance/model.skops", ["new.csv"], sys.stdout)[0]
             -> {"new.csv": Counter({"reassurance": 2, "deterrence": 1})}
    """
    model, card = loaded or modelfile.load(model_path)
    labels = card["labels"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "text", "label", *[f"p_{lab}" for lab in labels], "top_ngrams"])
    counts: dict[str, Counter] = defaultdict(Counter)
    # One bar step per chunk (a terminal only): the input is streamed, so its length is not known ahead.
    batches = progress(chunks(input_items(inputs, card["segments"]["unit"], empty), chunk_size),
                       desc=f"predict (chunks of {chunk_size} segments)")
    explained, vectorizer = explain.explainer(model), fast_vectorizer(model)  # once for every chunk
    for chunk in batches:
        predicted, proba, ngrams = predict_chunk(model, card, [i.text for i in chunk], n_top, explained, vectorizer)
        # Python floats format faster than numpy's, to the same digits
        for item, label, p, top in zip(chunk, predicted, proba.tolist(), ngrams, strict=True):
            writer.writerow([item.id, item.text, label, *[f"{v:.4f}" for v in p], top])
            counts[item.article][label] += 1
    if not counts:
        raise CorpusError(f"{inputs[0]}: no text to label in {'this input' if len(inputs) == 1 else 'these inputs'} "
                          "(every text cell is empty); give the text in a 'text' column")
    return counts, labels


def write_summary(counts: dict, labels: list[str], out) -> None:
    """Per article: number of segments and the share of each predicted stance."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["article", "n_segments", *[f"share_{lab}" for lab in labels]])
    for article, c in counts.items():
        n = sum(c.values())
        writer.writerow([article, n, *[f"{c[lab] / n:.4f}" for lab in labels]])


STDOUT = "-"  # --summary with no file (or "-"): the summary on standard output


def summary_target(out_path: str | None, summary_path: str | None) -> str | None:
    """Where the per-article summary goes: the file given, beside --out, standard output ("-"), or nowhere
    (no --out and no --summary: standard output holds the predictions). Never standard error.

    >>> summary_target("pred.csv", None), summary_target("pred.csv", "s.csv"), summary_target(None, "-")
    ('pred.summary.csv', 's.csv', '-')
    >>> summary_target(None, None) is None
    True
    """
    if summary_path:
        return summary_path
    return str(Path(out_path).with_suffix("")) + ".summary.csv" if out_path else None


def _sink(path: str | None, taken: bool):
    """The file a CSV goes to: written whole at `path`, else standard output, or discarded when the summary
    has standard output (`taken`): two CSV tables in one stream would not read as either."""
    if path:
        return atomic_write(path)
    return open(os.devnull, "w", encoding="utf-8", newline="") if taken else contextlib.nullcontext(sys.stdout)


def run(model_path: str, inputs: list[str], out_path: str | None, summary_path: str | None, n_top: int,
        empty: str = "skip") -> list[str]:
    """The `predict` command: predictions to out_path (stdout when None), the summary where `summary_target`
    says (with `--summary -` and no --out, standard output holds the summary alone).

    Outputs are checked before any work (none may be an input, the model or its card), and written whole
    or not at all (features/atomic.py): an input failing midway leaves an existing --out as it was.
    Illustration: run("results/seeds_stance/model.skops", ["new.csv"], "pred.csv", None, 5)
             -> ["pred.csv", "pred.summary.csv"]
    """
    if n_top < 0:
        raise CorpusError(f"--top {n_top}: the number of n-grams listed per prediction is 0 or more")
    out_path = None if out_path == STDOUT else out_path  # `--out -`: standard output, as --summary - is
    summary_path = summary_target(out_path, summary_path)
    summary_file = None if summary_path == STDOUT else summary_path
    refuse_inputs({"--out": out_path, "--summary": summary_file},
                  [model_path, modelfile.card_path(model_path), *inputs])
    for i, name in enumerate(inputs):
        input_kind(Path(name))
        if any(Path(name).resolve() == Path(other).resolve() for other in inputs[:i]):  # its rows twice
            raise CorpusError(f"{name}: given twice as an input; every row would be labelled and counted twice")
    loaded = modelfile.load(model_path)  # a bad model or card stops the command before anything is written
    with threadpool_limits(limits=1), _sink(out_path, taken=summary_path == STDOUT) as out:
        counts, labels = predict(model_path, inputs, out, n_top=n_top, loaded=loaded, empty=empty)
        # inside the predictions' block: a failure writing the summary leaves the predictions file as it was
        if summary_path:
            with _sink(summary_file, taken=False) as summary:
                write_summary(counts, labels, summary)
    return [p for p in (out_path, summary_file) if p]
