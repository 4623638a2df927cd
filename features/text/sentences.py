"""Split a paragraph into sentences, for French and English press and speeches.

A sentence ends at . ! ? or … (with any closing quote or bracket right after it) when the next word,
after an optional opening quote « “ " or dash, starts with a capital letter and the word before the
stop is not an abbreviation (M., Mme, Dr, U.S., initials). This keeps quoted speech followed by its
attribution in one sentence:  "… ce que nous faisons", a déclaré Stoltenberg.  -> one sentence.
Rule-based on purpose: statistical splitters need model downloads, and these rules are auditable.
"""
from __future__ import annotations

import re
from typing import Iterator

CANDIDATE = re.compile(r"[.!?…]+[”»\"’')\]]*\s+")
OPENERS = "«“\"‘'([—–-"
ABBREVIATIONS = {
    # French
    "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "st", "ste", "cf", "etc", "p", "pp", "art", "av",
    "bd", "chap", "env", "ex", "fig", "min", "n", "no", "vol", "éd", "gén", "col", "lt", "cdt", "mgr",
    # English
    "mr", "mrs", "ms", "prof", "sr", "jr", "vs", "e.g", "i.e", "u.s", "u.k", "u.n", "gen", "gov", "sen",
    "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd",
}


def _word_before(text: str, end: int) -> str:
    """The word that ends right before position `end` (the stop), lower-cased, inner dots kept."""
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:end].lower().strip(".")


def _starts_sentence(text: str, pos: int) -> bool:
    """True when the text at `pos`, after optional opening quotes or dashes, starts with a capital."""
    while pos < len(text) and (text[pos] in OPENERS or text[pos] == " "):
        pos += 1
    return pos < len(text) and text[pos].isupper()


def _is_abbreviation(text: str, stop: int) -> bool:
    """True when the '.' at `stop` closes an abbreviation or an initial (J. Smith)."""
    if text[stop] != ".":
        return False
    word = _word_before(text, stop)
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def iter_sentences(paragraph: str) -> Iterator[str]:
    """The sentences of one paragraph, stripped, in order, one at a time (a paragraph of millions of
    sentences is never held as a list).

    Illustration: list(iter_sentences("A b. C d.")) -> ["A b.", "C d."]
    """
    start = 0
    for match in CANDIDATE.finditer(paragraph):
        if _is_abbreviation(paragraph, match.start()) or not _starts_sentence(paragraph, match.end()):
            continue
        if sentence := paragraph[start:match.end()].strip():
            yield sentence
        start = match.end()
    if sentence := paragraph[start:].strip():
        yield sentence


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, stripped, in order; their concatenation keeps every word.

    Illustration: split_sentences("Il a dit « non ». M. Dupont est parti. « Bien sûr », a-t-il ajouté.")
             -> ["Il a dit « non ».", "M. Dupont est parti.", "« Bien sûr », a-t-il ajouté."]
    """
    return list(iter_sentences(paragraph))
