"""The scale benchmark's corpus: distinct real text segments from the shared datasets, each with a label and a group.

Sources (all under the shared data folder, read at run time):
- the 2,132 whole UN General Debate speeches of 2014-2024: every paragraph (a line of the file) and every
  sentence of it (stancelab's own splitter, features/text/sentences.py); label "un", group the speech;
- the 17,080 UN passages mentioning "nuclear" (1946-2024); label "un", group the speech they come from;
- 20 Newsgroups (train and test): every paragraph of a message body (headers removed) and its sentences;
  label the newsgroup's hierarchy (alt, comp, misc, rec, sci, soc, talk), group the message;
- AG News test: every title and every description; label the class (world, sports, business, sci_tech),
  group the article.
That is 12 labels, the source or topic of a segment: what the benchmark's stance search learns to predict.

Whitespace is collapsed, segments with fewer than MIN_WORDS words of letters or over MAX_CHARS characters
(uuencoded binaries in newsgroup posts) are left out, and every text is kept once (the first source and
group that gives it). The order is fixed by the seed: each label's segments shuffled, then taken in turn
label by label, so that the first n segments hold every label in about equal numbers until the small
sources run out (AG News: 1,900 articles a class). Size n of the benchmark is the first n segments.
"""
from __future__ import annotations

import csv
import re
import tarfile
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from features.text.sentences import iter_sentences

SPEECHES = Path("ungdc") / "speeches_2014_2024.tar.gz"
PASSAGES = Path("ungdc") / "ungdc_nuclear_paragraphs_1946_2024.csv"
NEWSGROUPS = Path("20newsgroups") / "20news-bydate.tar.gz"
AG_NEWS = Path("ag_news") / "test.csv"
SOURCES = (SPEECHES, PASSAGES, NEWSGROUPS, AG_NEWS)
AG_CLASSES = {"1": "world", "2": "sports", "3": "business", "4": "sci_tech"}
MIN_WORDS, MAX_CHARS = 3, 20_000
WORD = re.compile(r"[^\W\d_]+")
COLUMNS = ("id", "group", "label", "text")


def paragraph_and_sentences(paragraph: str) -> Iterator[str]:
    """The paragraph itself, then its sentences when it has more than one.

    >>> list(paragraph_and_sentences("We met. They left."))
    ['We met. They left.', 'We met.', 'They left.']
    """
    yield paragraph
    sentences = list(iter_sentences(paragraph))
    if len(sentences) > 1:
        yield from sentences


def speech_segments(data: Path, max_docs: int | None = None) -> Iterator[tuple[str, str, str]]:
    """(text, label, group) of every paragraph and sentence of the 2014-2024 speeches."""
    with tarfile.open(data / SPEECHES) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".txt")][:max_docs]
        for m in members:
            group = "un:" + Path(m.name).stem
            for line in tar.extractfile(m).read().decode("utf-8").splitlines():
                for text in paragraph_and_sentences(line):
                    yield text, "un", group


def passage_segments(data: Path, max_docs: int | None = None) -> Iterator[tuple[str, str, str]]:
    """(text, label, group) of the UN passages, grouped by speech (ISO3_session_year, as the speech files)."""
    csv.field_size_limit(1 << 30)  # a few passages are long
    with open(data / PASSAGES, encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if max_docs is not None and i >= max_docs:
                return
            yield row["text"], "un", f"un:{row['country']}_{row['session']}_{row['year']}"


def newsgroup_segments(data: Path, max_docs: int | None = None) -> Iterator[tuple[str, str, str]]:
    """(text, label, group) of every paragraph (blank-line separated) and sentence of each message body."""
    with tarfile.open(data / NEWSGROUPS) as tar:
        n = 0
        for m in tar:
            if not m.isfile():
                continue
            if max_docs is not None and n >= max_docs:
                return
            n += 1
            _, group_name, _ = m.name.split("/")
            body = tar.extractfile(m).read().decode("latin-1").partition("\n\n")[2]  # headers end at a blank line
            for paragraph in re.split(r"\n\s*\n", body):
                for text in paragraph_and_sentences(paragraph):
                    yield text, group_name.split(".")[0], "ng:" + m.name


def ag_segments(data: Path, max_docs: int | None = None) -> Iterator[tuple[str, str, str]]:
    """(text, label, group) of every AG News title and description (backslashes in the file are line breaks)."""
    with open(data / AG_NEWS, encoding="utf-8", newline="") as f:
        for i, (cls, title, description) in enumerate(csv.reader(f)):
            if max_docs is not None and i >= max_docs:
                return
            for text in (title, description.replace("\\", " ")):
                yield text, AG_CLASSES[cls], f"ag:{i}"


def distinct(segments: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Whitespace collapsed, too short or too long ones left out, each text kept once (its first source).

    >>> distinct([(" a  b c", "x", "g1"), ("a b c", "y", "g2"), ("a b", "x", "g3")])
    [('a b c', 'x', 'g1')]
    """
    seen, out = set(), []
    for text, label, group in segments:
        text = " ".join(text.split())
        if len(text) > MAX_CHARS or text in seen or len(WORD.findall(text)) < MIN_WORDS:
            continue
        seen.add(text)
        out.append((text, label, group))
    return out


def interleave(segments: list[tuple[str, str, str]], random_state: int) -> list[tuple[str, str, str]]:
    """Each label's segments shuffled (seeded), then taken one label at a time in turn until all are taken.

    >>> [s[1] for s in interleave([("a", "x", "1"), ("b", "x", "2"), ("c", "y", "3")], 0)]
    ['x', 'y', 'x']
    """
    rng = np.random.default_rng(random_state)
    by_label: dict[str, list] = {}
    for s in segments:
        by_label.setdefault(s[1], []).append(s)
    queues = [[by_label[k][i] for i in rng.permutation(len(by_label[k]))] for k in sorted(by_label)]
    out, depth = [], 0
    while len(out) < len(segments):
        out.extend(q[depth] for q in queues if depth < len(q))
        depth += 1
    return out


def build(data: Path, random_state: int, max_docs: int | None = None) -> list[tuple[str, str, str]]:
    """Every distinct segment of the four sources, in the benchmark's order; max_docs per source (tests)."""
    readers = (speech_segments, passage_segments, newsgroup_segments, ag_segments)
    every = (s for reader in readers for s in reader(data, max_docs))
    return interleave(distinct(every), random_state)


def write_table(segments: list[tuple[str, str, str]], n: int, path: Path) -> Path:
    """A CSV (id, group, label, text) of the first n segments, written to a temporary file then renamed."""
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows((f"s{i}", group, label, text) for i, (text, label, group) in enumerate(segments[:n]))
    return tmp.replace(path)


def read_table(path: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, labels and groups of a table `write_table` wrote (inputs of a stage, not timed)."""
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], np.array([r["label"] for r in rows]), np.array([r["group"] for r in rows])
