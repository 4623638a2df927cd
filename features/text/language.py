"""Language-aware text preparation: one segment -> the tokens the vectorizers count.

Done once per segment and per experiment (it is the expensive step), outside the fitted model, so that a
saved model holds only scikit-learn objects and loads without running project code. The prepared text is
the tokens joined by single spaces; the vectorizer then only splits on spaces.

Steps, in order, each set from the config:
1. typography: typographic apostrophes and quotes, non-breaking spaces -> plain ones;
2. lower-casing;
3. French elisions split off and dropped: l'OTAN -> otan, qu'il -> il, jusqu'à -> à;
4. tokens: runs of letters and digits (hyphenated words are split: a-t-il -> a t il);
5. stop words removed (French list from `stop-words`, English scikit-learn's), except `keep_words`
   (negations such as "aucun", "not" carry stance and are kept by default in the stance configs);
6. optional lemmas (simplemma, dictionary-based, no model download);
7. optional accent stripping (after lemmas: the lemmatizer needs the accents).
"""
from __future__ import annotations

import importlib.util
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from stop_words import get_stop_words

from features.settings import setting

LANGUAGES = ("fr", "en")
TYPOGRAPHY = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
})
TYPOGRAPHY_PAIRS = [(chr(code), plain) for code, plain in TYPOGRAPHY.items()]  # no plain form is itself replaced
ELISION = re.compile(r"\b(?:l|d|qu|n|s|c|j|m|t|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu)'(?=\w)", re.IGNORECASE)
TOKEN = re.compile(r"[^\W_]+")  # letters and digits; apostrophes and hyphens separate tokens
# ASCII characters other than letters and digits -> space: on an ASCII text (most texts), `translate` then
# `split` finds the runs TOKEN finds in 60% of the time (CPython translates ASCII to ASCII by table look-up)
ASCII_GAPS = {code: " " for code in range(128) if not chr(code).isalnum()}
ASCII_GAPS_BUT_NUL = {code: gap for code, gap in ASCII_GAPS.items() if code}  # NUL: between joined texts


@dataclass(frozen=True)
class TextSettings:
    """How to prepare text; also the typed [preprocess] section of a config (experiments/config/sections.py),
    its constraints in the field metadata. `language` is not a [preprocess] key: it comes from [corpus].

    Illustration: TextSettings(language="en", keep_words=("not",)).min_token_length -> 2
    """

    language: str = setting("fr", choices=LANGUAGES, key=False)
    lowercase: bool = setting(True)
    strip_accents: bool = setting(False)
    stop_words: bool = setting(True)
    lemmatize: bool = setting(False)
    drop_numbers: bool = setting(False)
    min_token_length: int = setting(2, min=1)
    keep_words: tuple[str, ...] = setting(())


def normalize_typography(text: str) -> str:
    """Typographic apostrophes, guillemets and special spaces -> ASCII ones.

    >>> normalize_typography("l’OTAN « ultime »")
    'l\\'OTAN " ultime "'
    """
    for char, plain in TYPOGRAPHY_PAIRS:  # str.translate with a dict looks up every character: 20x slower
        if char in text:
            text = text.replace(char, plain)
    return text


def split_elisions(text: str) -> str:
    """Drop French elided particles, keeping the word they attach to.

    >>> split_elisions("jusqu'à l'OTAN qu'il")
    'à OTAN il'
    """
    return ELISION.sub("", text)


def strip_accents(token: str) -> str:
    """Remove diacritics (NFKD, combining marks dropped), as scikit-learn's strip_accents='unicode'.

    >>> strip_accents("nucléaire")
    'nucleaire'
    """
    return "".join(c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c))


@lru_cache(maxsize=8)
def stop_word_set(language: str) -> frozenset[str]:
    """The stop words of a language: `stop-words` for French, scikit-learn's list for English.

    >>> "les" in stop_word_set("fr")
    True
    """
    if language == "en":
        return english_stop_words()
    return frozenset(normalize_typography(w).lower() for w in get_stop_words(language))


def english_stop_words() -> frozenset[str]:
    """scikit-learn's ENGLISH_STOP_WORDS, run from the one file that defines them: importing scikit-learn
    costs about 1 s of CPU, which config loading and `stancelab check` of an English corpus do without.
    Another scikit-learn layout falls back to the import (the same list: tests/test_language.py).

    >>> len(english_stop_words())
    318
    """
    spec = importlib.util.find_spec("sklearn")
    path = Path(spec.origin).parent / "feature_extraction" / "_stop_words.py" if spec and spec.origin else None
    if path is not None and path.is_file():
        module_spec = importlib.util.spec_from_file_location("_stancelab_english_stop_words", path)
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)  # a list literal only: no scikit-learn import
        return frozenset(module.ENGLISH_STOP_WORDS)
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@lru_cache(maxsize=200_000)
def lemma(token: str, language: str) -> str:
    """Dictionary lemma of one token (cached: corpora repeat their words).

    >>> lemma("nucléaires", "fr")
    'nucléaire'
    """
    import simplemma  # here: config loading reads this module; only lemmas need simplemma (0.05 s to import)

    return simplemma.lemmatize(token, lang=language)


def prepare_token(tok: str, settings: TextSettings, stops: frozenset[str]) -> str:
    """Steps 5-7 for one token of step 4: its form in the prepared text, or "" when it is dropped.

    >>> prepare_token("weapons", TextSettings(language="en", lemmatize=True), frozenset())
    'weapon'
    """
    if len(tok) < settings.min_token_length or tok in stops or (settings.drop_numbers and tok.isdigit()):
        return ""
    if settings.lemmatize:
        tok = lemma(tok, settings.language)
        tok = tok.lower() if settings.lowercase else tok  # simplemma capitalises proper nouns
        if tok in stops:
            return ""
    return strip_accents(tok) if settings.strip_accents else tok


class TokenMap(dict):
    """Token of step 4 -> `prepare_token` of it, computed on first sight: a corpus repeats its words, so
    most tokens cost one dictionary look-up. Bounded: past `max_size` entries it starts again.

    >>> TokenMap(TextSettings())["nucléaires"]
    'nucléaires'
    >>> TokenMap(TextSettings())["les"]
    ''
    """

    max_size = 1_000_000

    def __init__(self, settings: TextSettings):
        super().__init__()
        self.settings = settings
        self.stops = stop_word_set(settings.language) - set(settings.keep_words) if settings.stop_words else frozenset()

    def __missing__(self, tok: str) -> str:
        if len(self) >= self.max_size:
            self.clear()
        out = self[tok] = prepare_token(tok, self.settings, self.stops)
        return out


@lru_cache(maxsize=16)
def token_map(settings: TextSettings) -> TokenMap:
    """The one `TokenMap` of these settings in this process."""
    return TokenMap(settings)


def raw_tokens(text: str) -> list[str]:
    """Step 4: the runs of letters and digits of a text (what TOKEN.findall gives, faster on ASCII text).

    >>> raw_tokens("a-t-il dit_x 2024?"), raw_tokens("déjà—vu")
    (['a', 't', 'il', 'dit', 'x', '2024'], ['déjà', 'vu'])
    """
    return text.translate(ASCII_GAPS).split() if text.isascii() else TOKEN.findall(text)


def text_tokens(text: str, settings: TextSettings) -> list[str]:
    """Steps 1-4 of one text: its runs of letters and digits after typography, case and elisions.

    >>> text_tokens("L’OTAN n’a `vu`.", TextSettings())
    ['otan', 'a', 'vu']
    """
    if text.isascii():  # the backtick is the one ASCII character of TYPOGRAPHY: the other searches find nothing
        text = text.replace("`", "'") if "`" in text else text
    else:
        text = normalize_typography(text)
    if settings.lowercase:
        text = text.lower()
    if settings.language == "fr":
        text = split_elisions(text)
    return raw_tokens(text)


def joined_tokens(texts: list[str], settings: TextSettings, separator: str) -> list[str]:
    """Steps 1-4 of ASCII texts at once: their tokens in order, the token `separator` between two texts. One
    `text_tokens` over the joined texts costs a third of one per text (no per-text calls).

    >>> joined_tokens(["L'OTAN a `vu`.", "", "Non."], TextSettings(), "0sep0")
    ['otan', 'a', 'vu', '0sep0', '0sep0', 'non']
    """
    return text_tokens(f" {separator} ".join(texts), settings)  # spaces: the separator joins no neighbour


def tokens(text: str, settings: TextSettings, tmap: TokenMap | None = None) -> list[str]:
    """The tokens of one text after steps 1-7; `tmap`: `token_map(settings)`, when the caller holds it.

    Illustration: tokens("L’OTAN n’a vu aucune preuve.", TextSettings(keep_words=("aucune",)))
             -> ["otan", "aucune", "preuve"]   ("vu" is a French stop word)
    """
    tmap = token_map(settings) if tmap is None else tmap
    return list(filter(None, map(tmap.__getitem__, text_tokens(text, settings))))  # "": dropped


def prepare_text(text: str, settings: TextSettings) -> str:
    """One text's tokens joined by spaces (a TfidfVectorizer `preprocessor` with functools.partial).

    >>> prepare_text("Les armes nucléaires.", TextSettings())
    'armes nucléaires'
    """
    return " ".join(tokens(text, settings))


def prepare(texts: list[str], settings: TextSettings) -> list[str]:
    """Each text's tokens joined by spaces: the input of the word vectorizer.

    >>> prepare(["Les armes nucléaires."], TextSettings())
    ['armes nucléaires']
    """
    tmap = token_map(settings)  # once, not per text: its cache look-up hashes the settings
    return [" ".join(tokens(t, settings, tmap)) for t in texts]


def prepare_chars(texts: list[str], settings: TextSettings) -> list[str]:
    """Text for character n-grams: typography, case, elisions and accents as set, stop words kept.

    The ASCII texts (most texts) are prepared together (`ascii_chars`): on the 6,519 ASCII ones of the 8,256
    UN labels 0.040 CPU s instead of 0.054.
    >>> prepare_chars(["L’OTAN", "L'OTAN", ""], TextSettings())
    ['otan', 'otan', '']
    """
    texts = list(texts)
    at = [i for i, text in enumerate(texts) if text.isascii()]
    out = [] if len(at) < 2 else ascii_chars([texts[i] for i in at], settings)
    if len(out) != len(at):  # one ASCII text or none, or a text with a NUL: each prepared alone
        at, out = [], []
    prepared = dict(zip(at, out, strict=True))
    return [prepared[i] if i in prepared else text_chars(text, settings) for i, text in enumerate(texts)]


def text_chars(text: str, settings: TextSettings) -> str:
    """`prepare_chars` of one text.

    >>> text_chars("Qu’il l’ait dit", TextSettings())
    'il ait dit'
    """
    text = normalize_typography(text)
    text = text.lower() if settings.lowercase else text
    text = split_elisions(text) if settings.language == "fr" else text
    text = strip_accents(text) if settings.strip_accents else text
    return " ".join(raw_tokens(text))


def ascii_chars(texts: list[str], settings: TextSettings) -> list[str]:
    """`text_chars` of ASCII texts, in one pass over the texts joined by NUL, cut at the NULs after; [] when a
    text holds a NUL itself. The same text as one pass per text: typography, case and the gaps between tokens
    map ASCII characters one by one (and an ASCII text has no accent to strip), and NUL, which is not a word
    character, bounds an elision as the start or the end of a text does.

    >>> ascii_chars(["L'OTAN a `vu`.", "", "d'abord"], TextSettings())
    ['otan a vu', '', 'abord']
    """
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:
        return []
    joined = normalize_typography(joined)  # of TYPOGRAPHY only "`" is ASCII: the rest is a quick miss
    joined = joined.lower() if settings.lowercase else joined
    joined = split_elisions(joined) if settings.language == "fr" else joined
    return [" ".join(text.split()) for text in joined.translate(ASCII_GAPS_BUT_NUL).split("\0")]
