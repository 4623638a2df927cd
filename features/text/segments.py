"""Documents -> segments (sentences or paragraphs) with ids that stay the same from run to run.

Segment id: `<doc>:<paragraph>:<sentence>` for sentences, `<doc>:<paragraph>` for paragraphs, where the
paragraph number counts the blocks of the file as received (boilerplate included) and the sentence
number counts sentences inside the paragraph, both from 0.
"""
from __future__ import annotations

import csv
import sys
from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator

from features.read.documents import Document, stream_folder
from features.text.sentences import iter_sentences

UNITS = ("sentence", "paragraph", "document")
COLUMNS = ("id", "doc", "paragraph", "sentence", "source", "date", "text")
EXTRA_COLUMNS = ("group", "label", "split")  # of table and folder-per-label segments


@dataclass(frozen=True)
class Segment:
    """One unit of text with where it came from."""

    id: str
    doc: str
    paragraph: int
    sentence: int
    source: str
    date: str
    text: str
    # From tables and folder-per-label collections: cross-validation group, label, train/test split,
    # metadata columns. Empty for article folders (their group is the document).
    group: str = ""
    label: str = ""
    split: str = ""
    metadata: dict = field(default_factory=dict, compare=False)


def iter_paragraph_segments(doc: Document, number: int, paragraph: str, unit: str = "sentence") -> Iterator[Segment]:
    """The segments of one kept paragraph of `doc` (source and date are taken from `doc`), one at a time.

    Illustration: [s.id for s in iter_paragraph_segments(Document("x"), 2, "A b. C d.")] -> ["x:2:0", "x:2:1"]
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    if unit == "paragraph":
        yield Segment(f"{doc.id}:{number}", doc.id, number, 0, doc.source, doc.date, paragraph)
        return
    for k, sentence in enumerate(iter_sentences(paragraph)):
        yield Segment(f"{doc.id}:{number}:{k}", doc.id, number, k, doc.source, doc.date, sentence)


def segment_paragraph(doc: Document, number: int, paragraph: str, unit: str = "sentence") -> list[Segment]:
    """The segments of one kept paragraph of `doc` (source and date are taken from `doc`).

    Illustration: segment_paragraph(Document("x"), 2, "A b. C d.") -> [Segment("x:2:0", …), Segment("x:2:1", …)]
    """
    return list(iter_paragraph_segments(doc, number, paragraph, unit))


def segment_document(doc: Document, unit: str = "sentence") -> list[Segment]:
    """Cut one document into segments.

    Illustration: segment_document(parse_article("A b. C d.\\n\\nE.", "x"))
             -> [Segment("x:0:0", …, "A b."), Segment("x:0:1", …, "C d."), Segment("x:1:0", …, "E.")]
    """
    if unit == "document":  # one segment a document: a table row, a newsgroup message
        text = "\n\n".join(p for _, p in doc.paragraphs)
        return [Segment(doc.id, doc.id, 0, 0, doc.source, doc.date, text)] if text else []
    return [seg for number, paragraph in doc.paragraphs for seg in segment_paragraph(doc, number, paragraph, unit)]


def iter_folder_segments(folder, unit: str = "sentence") -> Iterator[Segment]:
    """The segments of a folder of articles, one paragraph in memory at a time (for very large files).

    Every file is checked (encoding, binary, empty) when this is called, before any segment is made.
    >>> next(iter_folder_segments("seeds")).id
    '000_109b279601610553:1:0'
    """
    streams = stream_folder(folder)
    if unit == "document":  # a document is one segment: its paragraphs are gathered
        return (seg for doc, paragraphs in streams
                for seg in segment_document(Document(doc.id, doc.source, doc.date, list(paragraphs)), unit))
    return (seg for doc, paragraphs in streams for number, paragraph in paragraphs
            for seg in iter_paragraph_segments(doc, number, paragraph, unit))


def segment_documents(docs: Iterable[Document], unit: str = "sentence") -> list[Segment]:
    """All segments of several documents, in document order.

    Illustration: len(segment_documents(read_folder("seeds"))) -> 40
    """
    return [seg for doc in docs for seg in segment_document(doc, unit)]


def write_csv(segments: Iterable[Segment], out=None, columns: tuple[str, ...] = COLUMNS) -> None:
    """Write segments as CSV with the given columns (`COLUMNS` by default; to stdout by default)."""
    writer = csv.DictWriter(out or sys.stdout, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for seg in segments:
        writer.writerow(asdict(seg))
