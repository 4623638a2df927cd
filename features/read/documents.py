"""Article files -> documents: id, metadata (source, date) and the paragraphs that are text.

Paragraphs are the blank-line separated blocks of the file, numbered from 0 as received, so that a
segment id does not change when a boilerplate rule changes. Boilerplate paragraphs keep their number
but are not returned as text.
"""
from __future__ import annotations

import codecs
import os
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from features.read import boilerplate
from features.read.encoding import MAX_LINE_BYTES, CorpusError, check_text_file, iter_pieces, sniff
from features.read.paths import nested_article

# `date 2022-10` at the very start of the text, as one of the seed conventions writes it.
DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}(?:-\d{2}){0,2})\b\s*", re.IGNORECASE)
ARTICLE_SUFFIXES = (".txt",)  # other files (codebook, annotations) live beside the articles


@dataclass
class Document:
    """One article: its id (the file stem), metadata and kept paragraphs as (number, text)."""

    id: str
    source: str = ""
    date: str = ""
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (number, reason)
    path: str = ""


def has_blank_lines(lines: Iterable[str]) -> bool:
    """True when a blank line separates two lines (the lines of a text split on its line ends).

    >>> has_blank_lines(["A", "", "B"])
    True
    >>> has_blank_lines(["A", "B", ""])
    False
    """
    return _blank_between(not line.strip() for line in lines)


def _blank_between(blank: Iterable[bool]) -> bool:
    """True when a blank line (per line: is it blank?) comes after the first line and before another."""
    previous_blank = None  # None: the first line, which has no line end before it
    for is_blank in blank:
        if previous_blank:
            return True
        previous_blank = False if previous_blank is None else is_blank
    return False


def blank_flags(pieces: Iterable[tuple[str, bool]], cut: list[int]) -> Iterator[bool]:
    """Per line of `iter_pieces`, whether it is blank (all its pieces blank); appends to `cut` the number
    (1-based) of every line that came in more than one piece.

    >>> cut = []; list(blank_flags([("A. ", True), ("B", False), ("", False)], cut)), cut
    ([False, True], [1])
    """
    blank, pieces_in_line, number = True, 0, 0
    for text, goes_on in pieces:
        blank, pieces_in_line = blank and not text.strip(), pieces_in_line + 1
        if not goes_on:
            number += 1
            if pieces_in_line > 1:
                cut.append(number)
            yield blank
            blank, pieces_in_line = True, 0


def piece_lines(pieces: Iterable[tuple[str, bool]], blank_separated: bool) -> Iterator[str]:
    """The lines `iter_paragraphs` reads, from `iter_pieces`: each piece of a long line stands as a line, and
    in a blank-separated file a blank line follows it, so that every piece is a paragraph of its own.

    >>> list(piece_lines([("A. ", True), ("B", False)], True))
    ['A. ', '', 'B']
    """
    for text, goes_on in pieces:
        yield text
        if goes_on and blank_separated:
            yield ""


def iter_paragraphs(lines: Iterable[str], blank_separated: bool) -> Iterator[str]:
    """Paragraphs of a text given as lines: blank-line separated blocks with inner line breaks joined,
    or, in a text with no blank line, one paragraph per line.

    >>> list(iter_paragraphs(["A", "b.", "", "C."], True))
    ['A b.', 'C.']
    """
    block: list[str] = []
    for line in lines:
        line = line.strip()
        if line and blank_separated:
            block.append(line)
        elif line:
            yield line
        elif block:
            yield " ".join(block)
            block = []
    if block:
        yield " ".join(block)


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, inner line breaks joined; a file without blank lines: one per line.

    >>> split_paragraphs("A\\nb.\\n\\nC.")
    ['A b.', 'C.']
    """
    lines = text.split("\n")
    return list(iter_paragraphs(lines, has_blank_lines(lines)))


def kept_paragraphs(doc: Document, paragraphs: Iterable[str], repeats: set[bytes]) -> Iterator[tuple[int, str]]:
    """The (number, text) of the paragraphs that are text; sets `doc`'s source, date and dropped as it goes.

    `repeats` holds the `boilerplate.digest` of the paragraphs that occur more than once in the document.
    >>> list(kept_paragraphs(Document("a"), ["LE MONDE", "Titre"], set()))
    [(1, 'Titre')]
    """
    kept_any = False
    for number, para in enumerate(paragraphs):
        if number == 0 and boilerplate.is_outlet_header(para):
            doc.source = para
            doc.dropped.append((number, "outlet header"))
            continue
        if not doc.date and not kept_any and (m := DATE_MARKER.match(para)):
            doc.date, para = m.group(1), para[m.end():].strip()
        if boilerplate.digest(para) in repeats:
            doc.dropped.append((number, "repeated line"))
        elif boilerplate.is_credit(para):
            doc.dropped.append((number, "caption or photo credit"))
        elif para:
            kept_any = True
            yield number, para


def parse_article(text: str, doc_id: str, path: str = "") -> Document:
    """Find source, date and boilerplate in one article's text.

    >>> parse_article("LE MONDE\\n\\nTitre\\n\\nTexte.", "a").source
    'LE MONDE'
    """
    doc = Document(id=doc_id, path=path)
    paragraphs = split_paragraphs(text.replace("\u00a0", " "))
    doc.paragraphs = list(kept_paragraphs(doc, paragraphs, boilerplate.repeated_digests(paragraphs)))
    return doc


def check_utf8_name(name: str, folder: str | Path) -> None:
    """A file or folder name must be UTF-8: it becomes a document id (or label) written to every output,
    which cannot encode the bytes Python keeps from a name that is not.

    Illustration: check_utf8_name("caf\udce9.txt", "corpus") -> CorpusError("corpus: file name b'caf\\xe9.txt' …")
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise CorpusError(f"{folder}: file name {os.fsencode(name)!r} is not UTF-8; rename it (the name is the "
                          "document's id in every output)") from None


def named_articles(folder: str | Path) -> list[Path]:
    """The entries at the top of a folder named like article files, sorted: what `article_files` checks."""
    return sorted(p for p in Path(folder).iterdir() if not p.name.startswith(".")
                  and p.suffix.lower() in ARTICLE_SUFFIXES)


def article_files(folder: str | Path) -> list[Path]:
    """The article files of a folder, sorted by name (hidden files and sub-folders skipped; a `.txt` link to
    a missing file, or a link loop, is skipped with a warning naming it).

    Illustration: article_files("seeds") -> [seeds/000_….txt, seeds/003_….txt]
    """
    folder = Path(folder)
    if not folder.exists():
        raise CorpusError(f"{folder}: no such folder; give the folder that holds the article files")
    if not folder.is_dir():
        raise CorpusError(f"{folder}: a file, not a folder; give the folder that holds the article files")
    named = named_articles(folder)
    broken = [p for p in named if p.is_symlink() and not p.exists()]
    if broken:
        warnings.warn(f"{broken[0]}: {len(broken)} symbolic link(s) to no file (missing target or a link loop), "
                      f"skipped: {', '.join(p.name for p in broken[:5])}{', …' if len(broken) > 5 else ''}; "
                      "fix or remove them", UserWarning, stacklevel=2)
    if special := [p for p in named if p.exists() and not p.is_file() and not p.is_dir()]:  # pipes, devices
        warnings.warn(f"{special[0]}: a pipe or device, not a file, skipped ({len(special)} such)", stacklevel=2)
    files = [p for p in named if p.is_file()]
    for p in files:
        check_utf8_name(p.name, folder)
    stems = Counter(p.stem for p in files)  # a.txt and a.TXT would share one document id
    if twice := [p for p in files if stems[p.stem] > 1]:
        raise CorpusError(f"{twice[-1]}: its document id {twice[-1].stem!r} is also {twice[0].name}'s; rename one")
    if files and (nested := nested_article(folder, ARTICLE_SUFFIXES)):
        warnings.warn(f"{nested}: article files in sub-folders are not read (only those at the top of {folder}); "
                      "move them up to read them", UserWarning, stacklevel=2)
    if not files:
        others = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        held = f" (only: {', '.join(others[:3])}{', …' if len(others) > 3 else ''})" if others else ""
        raise CorpusError(f"{folder}: no article files (*.txt) in this folder{held}; "
                          "put one article per .txt file in it")
    return files


def file_encoding(path: Path, encoding: str = "auto") -> str:
    """How to decode an article file as `iter_lines` reads it: "auto" and "utf-8" ask `sniff` (which warns,
    or refuses for "utf-8", when some lines are not UTF-8); any other value is a codec, checked here.

    Illustration: file_encoding(Path("seeds/003_83fc1e9fc7e21474.txt")) -> "utf-8-sig"
    """
    if encoding.lower().replace("_", "-") in ("auto", "utf-8", "utf8", "utf-8-sig"):
        return sniff(path, "auto" if encoding == "auto" else "utf-8")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise CorpusError(f"{path}: unknown encoding '{encoding}' ([corpus] encoding); use auto, utf-8, "
                          "cp1252 or latin-1") from None
    check_text_file(path)
    return encoding


def stream_article(path: str | Path, encoding: str = "auto") -> tuple[Document, Iterator[tuple[int, str]]]:
    """One article file as a document (metadata filled as paragraphs are read) and its kept paragraphs,
    read lazily: passes over the file (encoding, paragraph form, repeats, text), one line at a time; a line
    longer than `MAX_LINE_BYTES` is read in pieces, each a paragraph (`piece_lines`), with one warning.

    Raises CorpusError before yielding anything for an empty, binary or UTF-16 file. `encoding` is the
    config's [corpus] encoding (`file_encoding`).
    Illustration: doc, paras = stream_article("seeds/003_83fc1e9fc7e21474.txt"); next(paras)[0] -> 0
    """
    path = Path(path)
    check_utf8_name(path.name, path.parent)
    encoding = file_encoding(path, encoding)

    def paragraphs(blank: bool) -> Iterator[str]:
        lines = piece_lines(iter_pieces(path, encoding), blank)
        return iter_paragraphs((ln.replace("\u00a0", " ") for ln in lines), blank)

    cut: list[int] = []
    blank = _blank_between(blank_flags(iter_pieces(path, encoding), cut))
    if next(paragraphs(blank), None) is None:
        raise CorpusError(f"{path}: empty file (no text); remove it or add its text")
    if cut:
        warnings.warn(f"{path}:{cut[0]}: {len(cut)} line(s) longer than {MAX_LINE_BYTES >> 20} MB; each is read "
                      "as paragraphs of at most that size, cut at sentence ends; put line ends between "
                      "paragraphs to keep them whole", UserWarning, stacklevel=2)
    repeats = boilerplate.repeated_digests(paragraphs(blank))
    doc = Document(id=path.stem, path=str(path))
    return doc, _warn_if_none(doc, kept_paragraphs(doc, paragraphs(blank), repeats))


def _warn_if_none(doc: Document, kept: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """`kept`, with a warning at its end when the file had no text left once boilerplate was removed."""
    empty = True
    for item in kept:
        empty = False
        yield item
    if empty:
        reasons = ", ".join(sorted({why for _, why in doc.dropped})) or "date marker only"
        warnings.warn(f"{doc.path}: no text left after removing boilerplate ({reasons}); it gives no segment",
                      UserWarning, stacklevel=2)


def read_article(path: str | Path, encoding: str = "auto") -> Document:
    """Read and parse one article file; its id is the file stem.

    >>> read_article("seeds/003_83fc1e9fc7e21474.txt").date
    '2022-10'
    """
    doc, paragraphs = stream_article(path, encoding)
    doc.paragraphs = list(paragraphs)
    return doc


def read_folder(folder: str | Path, encoding: str = "auto") -> list[Document]:
    """Every article of a folder as documents, in file-name order.

    >>> [d.id for d in read_folder("seeds")]
    ['000_109b279601610553', '003_83fc1e9fc7e21474']
    """
    return [read_article(p, encoding) for p in article_files(folder)]


def stream_folder(folder: str | Path) -> list[tuple[Document, Iterator[tuple[int, str]]]]:
    """`stream_article` of every article of a folder. Every file is checked now, before any text is read,
    so that a bad file stops a command before it prints anything.

    >>> [d.id for d, _ in stream_folder("seeds")]
    ['000_109b279601610553', '003_83fc1e9fc7e21474']
    """
    return [stream_article(p) for p in article_files(folder)]
