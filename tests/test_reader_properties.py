"""Property-based tests (hypothesis) of the corpus reader and segmenter on arbitrary text.

For any text, in any of the encodings we accept: reading never crashes (it returns segments or raises a
one-line CorpusError), the streamed reader gives exactly what parsing the whole decoded text gives, and the
segments cover the text: every non-whitespace character of every paragraph that is not boilerplate appears in
the segments of that paragraph, in order. The reference split into paragraphs is written independently here.
Runs in a few seconds (deterministic examples: `derandomize`), well within the 60 s CI budget.
"""
import contextlib
import re
import tempfile
import warnings
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from features.read.documents import parse_article, read_folder
from features.read.encoding import CorpusError, decode_bytes
from features.text.segments import iter_folder_segments, segment_documents

# Pieces that exercise every rule: line ends, outlet header, date marker, credits, repeats, quotes, stops.
FRAGMENTS = ["\n", "\n\n", "\r\n", "\r", "\n \n", " ", "\t", "\u00a0", "\ufeff", "LE MONDE", "date 2022-10 ",
             "DATE 1999", ". ", "! ", "? ", "…", " M. ", "U.S. ", "« ", " »", "“", "”", '"', "’", "-", "é",
             "(Olivier Matthys/Associated Press)", "Photo : AFP", "© Reuters", "Jens Stoltenberg - OTAN",
             "Il a dit. Elle part", "l’OTAN"]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def nonspace(text: str) -> str:
    return "".join(text.split())


def reference_paragraphs(text: str) -> list[str]:
    """Paragraphs as the README defines them, by regular expressions over the whole text."""
    if re.search(r"\n\s*\n", text):
        blocks = re.split(r"\n\s*\n", text)
    else:
        blocks = text.split("\n")
    return [" ".join(ln.strip() for ln in b.split("\n")).strip() for b in blocks if b.strip()]


@contextlib.contextmanager
def quiet():
    """cp1252 files warn by design; the warning is tested in test_encoding.py, not here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def read(folder: Path, data: bytes):
    """The file's segments streamed, or the CorpusError raised."""
    (folder / "a.txt").write_bytes(data)
    with quiet():
        try:
            return list(iter_folder_segments(folder)), None
        except CorpusError as err:
            return None, err


@PROPERTY
@given(text=st.text(), encoding=ENCODINGS)
def test_any_text_is_read_or_refused_in_one_line(text, encoding):
    with tempfile.TemporaryDirectory() as folder:
        segments, err = read(Path(folder), text.encode(encoding, errors="replace"))
    if err is not None:
        assert "\n" not in str(err) and str(err).startswith(str(Path(folder) / "a.txt"))
    else:
        assert len({s.id for s in segments}) == len(segments)


@PROPERTY
@given(text=TEXT, encoding=ENCODINGS)
def test_segments_cover_every_paragraph_that_is_not_boilerplate(text, encoding):
    data = text.encode(encoding, errors="ignore")  # cp1252: the characters it cannot write are left out
    assume(b"\x00" not in data)
    with tempfile.TemporaryDirectory() as folder:
        segments, err = read(Path(folder), data)
    with quiet():
        decoded = decode_bytes(data, "a.txt").replace("\u00a0", " ")  # the whole-file reader
    blocks = reference_paragraphs(decoded)
    if not blocks:
        assert err is not None and "empty file" in str(err)
        return
    assert err is None
    doc = parse_article(decoded, "a")
    assert segments == segment_documents([doc])  # streamed == parsed from the whole text
    dropped = dict(doc.dropped)
    by_paragraph: dict[int, str] = {}
    for seg in segments:
        assert seg.paragraph not in dropped
        by_paragraph[seg.paragraph] = by_paragraph.get(seg.paragraph, "") + nonspace(seg.text)
    dates = 0
    for number, block in enumerate(blocks):
        if number in dropped:
            assert dropped[number] != "outlet header" or number == 0
            assert dropped[number] != "repeated line" or Counter(blocks)[block] > 1 or doc.date
            continue
        got, want = by_paragraph.get(number, ""), nonspace(block)
        if got != want:  # only the date marker may be taken out, once, from the start of a paragraph
            dates += 1
            assert want.lower().startswith("date") and want[4:] == doc.date + got, (block, got)
    assert dates <= 1


def test_the_reference_split_agrees_with_the_reader_on_a_known_case():
    text = "LE MONDE\n\ndate 2022-10 Titre.\n\nUne phrase\ncoupée. Une autre.\n"
    assert reference_paragraphs(text) == ["LE MONDE", "date 2022-10 Titre.", "Une phrase coupée. Une autre."]
    doc = read_folder_of(text)
    assert doc.date == "2022-10" and doc.paragraphs == [(1, "Titre."), (2, "Une phrase coupée. Une autre.")]


def read_folder_of(text: str):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "a.txt").write_text(text, encoding="utf-8")
        return read_folder(folder)[0]
