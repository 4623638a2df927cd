"""Config [corpus] -> segments, for tables and folder-per-label collections.

Each record (a table row, a file) becomes a document cut into segments by [segments] unit; with unit
"document" a segment is the whole record and its id is the record id. Segments keep the record's
group, label, split and metadata. Train and test may come from separate files (`test_path`,
`test_member`): their segments get split "train" and "test".
"""
from __future__ import annotations

import contextlib
import gc
from dataclasses import replace
from typing import Iterable, Iterator

from experiments.config.resolved import Config
from experiments.config.sections import Corpus
from features.read.documents import Document, split_paragraphs
from features.read.labelled_folders import iter_labelled_folders
from features.read.rowcheck import checked
from features.read.tables import Record, TableSpec, iter_records
from features.text.segments import Segment, segment_document

SPEC_KEYS = [f for f in TableSpec.__dataclass_fields__]


def table_spec(corpus: Corpus) -> TableSpec:
    """The table keys of [corpus] as a `TableSpec` (the same names, already tuples).

    Illustration: table_spec(Corpus(path="t.csv", text_columns=("title", "description"))).text_columns
             -> ("title", "description")
    """
    return TableSpec(**{k: getattr(corpus, k) for k in SPEC_KEYS})


def label_set(config: Config) -> list[str]:
    """The labels a record may carry: [corpus] labels, else the [stance] labels, else any ([]).

    Illustration: label_set(<config with [corpus] labels = [] and [stance] labels = ["a", "b"]>) -> ["a", "b"]
    """
    return list(config.corpus.labels or (config.stance.labels if config.stance else ()))


def raw_records(corpus: Corpus, path: str, member: str) -> Iterator[Record]:
    """The records of one table or one collection, filtered as [corpus] says."""
    if corpus.format == "table":
        yield from iter_records(path, table_spec(corpus))
        return
    keep, drop = set(corpus.keep_values), set(corpus.drop_values)
    for rec in iter_labelled_folders(path, member, corpus.encoding):
        if (not keep or rec.label in keep) and rec.label not in drop:
            yield rec


def read_records(config: Config) -> list[Record]:
    """All usable records of the corpus, train then test; bad rows raise or are skipped (on_invalid).

    Illustration: len(read_records(un_config)) -> 17080
    """
    corpus = config.corpus
    records = list(raw_records(corpus, corpus.path, corpus.member))
    test_path = corpus.test_path or (corpus.path if corpus.test_member else "")
    if test_path:
        for rec in records:
            rec.split = "train"
        records += [replace(r, split="test") for r in raw_records(corpus, test_path, corpus.test_member)]
    labels = label_set(config) if (corpus.label_column or corpus.format == "folder_per_label") else []
    return checked(records, labels, corpus.on_invalid)


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector off while a table is read: every row makes a record, a segment and their
    dicts, none of them in a reference cycle, and the collector's passes over them were 0.04 of the 0.19
    CPU s of reading the 17,080-row UN table. Restored (if it was on) however the block ends."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def record_segments(records: Iterable[Record], unit: str) -> list[Segment]:
    """Cut records into segments; each segment keeps its record's group, label, split and metadata.

    Illustration: record_segments([Record("FRA_1_1946_18", "A b. C d.", 2)], "sentence")[1].id
             -> "FRA_1_1946_18:0:1"
    """
    if unit == "document":  # segment_document's one segment, made directly: a third of the reading time
        return [Segment(r.id, r.id, 0, 0, r.source, r.date, r.text, r.group, r.label, r.split, r.metadata)
                for r in records if r.text]
    out = []
    for rec in records:
        paragraphs = [rec.text] if unit == "document" else split_paragraphs(rec.text)
        doc = Document(id=rec.id, source=rec.source, date=rec.date, paragraphs=list(enumerate(paragraphs)))
        out += [replace(seg, group=rec.group, label=rec.label, split=rec.split, metadata=rec.metadata)
                for seg in segment_document(doc, unit)]
    return out
