"""Tokenise once per experiment: prepared text and n-gram counts of every segment, cached on disk.

`corpus_counts(texts, text_settings, feature_settings)` prepares every segment (`features.text.language`)
and counts all its word and character n-grams once. The counts are the input of `cached_vectorizer`,
whose `CountTfidf` parts fit only the vocabulary filters and IDF on each training fold, so folds,
repeats and hyperparameters reuse the same tokens. Results are cached under `cache_dir`, keyed by a
SHA-256 of the texts and by the preprocessing and n-gram settings, in files that cannot run code when read
back and are checked against their recorded SHA-256 (features/tfidf/count_cache.py): a rerun of a grid on
the same corpus skips tokenising altogether.
"""
from __future__ import annotations

import hashlib
import itertools
from collections import Counter, defaultdict
from dataclasses import astuple, dataclass

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.feature_extraction.text import CountVectorizer

from features.text.language import TextSettings, prepare, prepare_chars
from features.tfidf import count_cache
from features.tfidf.count_tfidf import CountParts, CountTfidf
from features.tfidf.settings import FeatureSettings


@dataclass
class TokenCounts:
    """Counts of every n-gram of every segment: words first, then characters, alphabetical in each."""

    X: sp.csr_matrix
    names: np.ndarray     # the n-gram of each column
    lengths: np.ndarray   # its length in tokens (words) or characters
    n_word: int           # columns [0, n_word) are word n-grams, the rest character n-grams


def text_hash(texts: list[str]) -> str:
    """SHA-256 of the texts in order (a separator byte keeps ["ab"] and ["a", "b"] apart).

    >>> text_hash(["a"])[:16], text_hash(["a"]) == text_hash(["a", ""])
    ('ffe9aaeaa2a2d504', False)
    """
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def count_in_stream_order(docs: list[str], analyze, chunk_size: int = 20_000):
    """Count the n-grams `analyze` yields, each row's entries in the order their n-grams first occur.

    Columns are numbered alphabetically (as CountVectorizer numbers them) but each row keeps the order of
    first occurrence: `CountTfidf` needs it to add up squares in the order TfidfVectorizer does, so that
    its matrices are equal to the last bit. Rows are built in chunks to bound the Python lists' memory.
    Illustration: count_in_stream_order(["b a b"], str.split) -> (csr [[2, 1]] with indices [1, 0], ["a", "b"])
    """
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__
    blocks, indptr_end = [], 0
    for begin in range(0, len(docs), chunk_size):
        indices, values, indptr = [], [], [0]
        for doc in docs[begin:begin + chunk_size]:
            counter = Counter(analyze(doc))  # counted in C, its keys in the order of first occurrence
            indices.extend(map(vocabulary.__getitem__, counter))  # a new n-gram gets the next number
            values.extend(counter.values())
            indptr.append(len(indices))
        blocks.append((np.array(indices, dtype=np.int64), np.array(values, dtype=np.int64),
                       np.array(indptr[1:], dtype=np.int64) + indptr_end))
        indptr_end += len(indices)
    names = np.array(sorted(vocabulary), dtype=object)
    alphabetical = np.empty(len(vocabulary), dtype=np.int64)
    alphabetical[[vocabulary[n] for n in names]] = np.arange(len(names))
    indices = alphabetical[np.concatenate([b[0] for b in blocks] or [np.zeros(0, np.int64)])]
    indptr = np.concatenate([[0]] + [b[2] for b in blocks])
    data = np.concatenate([b[1] for b in blocks] or [np.zeros(0, np.int64)])
    return sp.csr_matrix((data, indices, indptr), shape=(len(docs), len(names))), names


def _count(docs: list[str], analyzer: str, ngram_range: tuple[int, int]):
    """All n-grams of `docs` with the analyzer the TF-IDF vectorizers use (features/tfidf/vectorize.py)."""
    analyze = CountVectorizer(analyzer=analyzer, token_pattern=r"\S+" if analyzer == "word" else None,
                              lowercase=False, ngram_range=tuple(ngram_range)).build_analyzer()
    X, names = count_in_stream_order(docs, analyze)
    if analyzer == "word":
        lengths = np.array([n.count(" ") + 1 for n in names], dtype=np.int16)
    else:
        lengths = np.array([len(n) for n in names], dtype=np.int16)
    return X, names, lengths


def _count_block(texts: list[str], text_settings: TextSettings, word_ngram_range, char_ngram_range) -> TokenCounts:
    """Prepare and count one block of texts, its columns numbered over its own n-grams."""
    parts = []
    if word_ngram_range:
        parts.append(_count(prepare(texts, text_settings), "word", word_ngram_range))
    if char_ngram_range:
        parts.append(_count(prepare_chars(texts, text_settings), "char_wb", char_ngram_range))
    X = sp.hstack([p[0] for p in parts], format="csr") if len(parts) > 1 else parts[0][0]
    return TokenCounts(X, np.concatenate([p[1] for p in parts]), np.concatenate([p[2] for p in parts]),
                       parts[0][0].shape[1] if word_ngram_range else 0)


def merge_blocks(blocks: list[TokenCounts]) -> TokenCounts:
    """Stack the counts of consecutive blocks of texts over the union of their n-grams.

    Word n-grams come first, then character n-grams, alphabetical in each, as `count_corpus` numbers them;
    each row keeps its entries in the order its n-grams first occur, so the result equals counting all
    the texts in one block, to the last index.
    Illustration: merge_blocks([counts of ["b a"], counts of ["c a"]]).names -> array(["a", "b", "c"])
    """
    parts = [[b.names[:b.n_word] for b in blocks], [b.names[b.n_word:] for b in blocks]]
    union = [sorted(set().union(*names)) for names in parts]
    n_word = len(union[0])
    position = {n: j for j, n in enumerate(union[0])}
    position_char = {n: n_word + j for j, n in enumerate(union[1])}
    n_columns, rows = n_word + len(union[1]), []
    lengths = np.zeros(n_columns, dtype=np.int16)
    for b, words, chars in zip(blocks, *parts, strict=True):  # each block's own column -> its column in the union
        to_union = np.array([position[n] for n in words] + [position_char[n] for n in chars], dtype=np.int64)
        lengths[to_union] = b.lengths
        rows.append(sp.csr_matrix((b.X.data, to_union[b.X.indices], b.X.indptr), shape=(b.X.shape[0], n_columns)))
    names = np.array(union[0] + union[1], dtype=object)
    return TokenCounts(sp.vstack(rows, format="csr"), names, lengths, n_word)


def count_corpus(texts: list[str], text_settings: TextSettings, word_ngram_range=None,
                 char_ngram_range=None, n_jobs: int = 1, min_block: int = 10_000) -> TokenCounts:
    """Prepare and count: word n-grams (of `prepare`) and/or character n-grams (of `prepare_chars`).

    With n_jobs > 1 the texts are cut into n_jobs consecutive blocks (of at least `min_block` texts), each
    prepared and counted in its own process, then merged (`merge_blocks`): the same counts as one process.
    Illustration: count_corpus(["Les armes nucléaires."], TextSettings(), (1, 2)).names
             -> array(["armes", "armes nucléaires", "nucléaires"])
    """
    n_blocks = max(1, min(n_jobs, len(texts) // min_block))
    if n_blocks == 1:
        return _count_block(texts, text_settings, word_ngram_range, char_ngram_range)
    bounds = np.linspace(0, len(texts), n_blocks + 1).astype(int)
    jobs = (delayed(_count_block)(texts[a:b], text_settings, word_ngram_range, char_ngram_range)
            for a, b in itertools.pairwise(bounds))
    return merge_blocks(Parallel(n_jobs=n_blocks)(jobs))


def corpus_counts(texts: list[str], text_settings: TextSettings, features: FeatureSettings,
                  cache_dir: str | None = ".cache", n_jobs: int = 1) -> TokenCounts:
    """`count_corpus` for the n-gram ranges `features` asks for, cached on disk (None: no cache).

    `n_jobs` processes count large corpora (the counts do not depend on it, so neither does the cache key).
    A cache entry is used only when its files match the SHA-256 its record gives (count_cache.load).
    Illustration: corpus_counts(texts, TextSettings(language="en"), FeatureSettings()).X.shape
             -> (n_segments, n_distinct_1_2_grams)
    """
    words = tuple(features.word_ngram_range) if features.words else None
    chars = tuple(features.char_ngram_range) if features.chars else None
    if not cache_dir:
        return count_corpus(texts, text_settings, words, chars, n_jobs)
    key = count_cache.entry_key(text_hash(texts), astuple(text_settings), words, chars)
    if (entry := count_cache.load(cache_dir, key)) is not None:
        return TokenCounts(*entry)
    counts = count_corpus(texts, text_settings, words, chars, n_jobs)
    count_cache.save(cache_dir, key, counts.X, counts.names, counts.lengths, counts.n_word)
    return counts


def cached_vectorizer(features: FeatureSettings, counts: TokenCounts) -> CountParts:
    """The counts-based twin of `features.tfidf.vectorize.make_vectorizer`: same settings, same matrices.

    Illustration: cached_vectorizer(FeatureSettings(min_df=2), counts).fit_transform(counts.X[train])
             -> the matrix make_vectorizer(FeatureSettings(min_df=2)) gives on the train rows' text
    """
    common = dict(min_df=features.min_df, max_df=features.max_df, max_features=features.limit,
                  sublinear_tf=features.sublinear_tf)
    parts = []
    if features.words:
        parts.append(("word", CountTfidf(counts.lengths[:counts.n_word], tuple(features.word_ngram_range),
                                         **common), slice(0, counts.n_word)))
    if features.chars:
        parts.append(("char", CountTfidf(counts.lengths[counts.n_word:], tuple(features.char_ngram_range),
                                         **common), slice(counts.n_word, counts.X.shape[1])))
    if not parts:
        raise ValueError("features: at least one of words or chars must be true")
    return CountParts(parts)


def feature_names(vectorizer: CountParts, counts: TokenCounts) -> np.ndarray:
    """The n-grams a fitted `cached_vectorizer` kept, prefixed "word__" / "char__" like make_vectorizer's.

    Illustration: feature_names(fitted, counts)[:2] -> array(["word__arme", "word__arme nucléaire"])
    """
    out = []
    for name, part, columns in vectorizer.transformers_:
        if name == "remainder":
            continue
        out += [f"{name}__{n}" for n in counts.names[columns][part.columns_]]
    return np.array(out, dtype=object)
