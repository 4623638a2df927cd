"""A fitted word TF-IDF applied to prepared text without scikit-learn's loop over every n-gram of every text.

`TfidfVectorizer.transform` builds each n-gram string of each text in Python and looks it up in the
vocabulary, though most bigrams of new text are not in it: the larger part of `stancelab predict`'s time.
`VocabularyCounter` maps each token to a number once, forms n-grams as numbers with numpy and keeps those of
the vocabulary. The counts are integers, so they are exactly scikit-learn's; the fitted vectorizer's own
TF-IDF step (sublinear tf, idf, norm) then turns them into the same matrix (tests/test_vocab_counts.py).
Only the vectorizers `features.tfidf.vectorize` makes on prepared text qualify (`counts_directly`); any
other is transformed by scikit-learn as before.
"""
from __future__ import annotations

from itertools import chain, repeat

import numpy as np
import scipy.sparse as sp

from features.tfidf.char_counts import CharCounter, counts_chars_directly

MAX_KEY = 2**62  # n-gram numbers are word numbers in base len(words): beyond this, scikit-learn's own path


def counts_directly(vectorizer) -> bool:
    """Whether `vectorizer` is a fitted word TfidfVectorizer that only splits prepared text on white space.

    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> counts_directly(TfidfVectorizer(token_pattern=r"\\S+", lowercase=False).fit(["armes nucléaires"]))
    True
    >>> counts_directly(TfidfVectorizer().fit(["armes nucléaires"]))
    False
    """
    p = vectorizer.get_params() if hasattr(vectorizer, "vocabulary_") else {}
    return (p.get("analyzer") == "word" and p.get("token_pattern") == r"\S+" and p.get("tokenizer") is None
            and p.get("preprocessor") is None and p.get("lowercase") is False and p.get("strip_accents") is None
            and p.get("stop_words") is None and p.get("input") == "content" and not p.get("binary")
            and hasattr(vectorizer, "_tfidf"))


DROPPED = -2  # word number of a token the text preparation drops (stop word, too short, a number)
SEPARATOR, SEP = "0sep0", -3  # the token between two joined texts and its word number


class WordIds(dict):
    """Token of step 4 -> word number of its prepared form in a vocabulary (-1: none, DROPPED: dropped),
    computed on first sight through the text preparation's own `TokenMap`. Bounded as the TokenMap is.

    >>> from features.text.language import TextSettings, token_map
    >>> ids = WordIds({"arme": 0, "nucléaire": 1}, token_map(TextSettings(lemmatize=True)))
    >>> [ids[t] for t in ["armes", "nucléaires", "les", "otan"]]
    [0, 1, -2, -1]
    """

    def __init__(self, words: dict[str, int], tmap):
        super().__init__()
        self.words, self.tmap, self.split_seen = words, tmap, False

    def __missing__(self, tok: str) -> int:
        if len(self) >= self.tmap.max_size:
            self.clear()
        if tok == SEPARATOR:
            return SEP
        prepared = self.tmap[tok]
        self.split_seen |= len(prepared.split()) > 1  # a lemma of two words: not one word number
        out = self[tok] = self.words.get(prepared, -1) if prepared else DROPPED
        return out


class VocabularyCounter:
    """Counts of a fitted vocabulary's word n-grams in prepared texts, as CountVectorizer would count them.

    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> v = TfidfVectorizer(token_pattern=r"\\S+", lowercase=False, ngram_range=(1, 2)).fit(["a b c", "b c"])
    >>> sorted(v.vocabulary_)
    ['a', 'a b', 'b', 'b c', 'c']
    >>> VocabularyCounter(v).counts(["b c b c x", "a"]).toarray().tolist()
    [[0.0, 0.0, 2.0, 2.0, 2.0], [1.0, 0.0, 0.0, 0.0, 0.0]]
    """

    def __init__(self, vectorizer):
        self.vectorizer = vectorizer
        self.min_n, self.max_n = vectorizer.ngram_range
        words: dict[str, int] = {}
        for term in vectorizer.vocabulary_:
            for word in term.split(" "):
                words.setdefault(word, len(words))
        self.words, self.base = words, max(1, len(words))
        keys, features = [], []
        for term, feature in vectorizer.vocabulary_.items():
            key = 0
            for word in term.split(" "):
                key = key * self.base + words[word]
            keys.append(key + self._offset(term.count(" ") + 1))
            features.append(feature)
        self.unigrams = np.full(self.base, -1, dtype=np.int64)  # word number -> its own feature (-1: none)
        for term, feature in vectorizer.vocabulary_.items():
            if " " not in term:
                self.unigrams[words[term]] = feature
        order = np.argsort(keys, kind="stable")
        self.keys = np.asarray(keys, dtype=np.int64)[order]
        self.features = np.asarray(features, dtype=np.int64)[order]
        self.usable = self.base ** self.max_n * (self.max_n + 1) < MAX_KEY

    def _offset(self, n: int) -> int:
        """Keeps n-grams of different lengths apart: an n-gram's number is offset by n * base**max_n."""
        return n * self.base ** self.max_n

    def counts(self, texts: list[str]) -> sp.csr_matrix:
        """The (texts x vocabulary) count matrix, float64 with sorted indices, as CountVectorizer.transform."""
        tokens = [text.split() for text in texts]  # what token_pattern \S+ finds
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        ids = np.fromiter(map(self.words.get, chain.from_iterable(tokens), repeat(-1)), dtype=np.int64,
                          count=int(lengths.sum()))
        return self.id_counts(ids, np.repeat(np.arange(len(texts)), lengths), len(texts))

    def raw_counts(self, texts: list[str], settings, word_ids: WordIds) -> sp.csr_matrix | None:
        """`counts` of the texts prepared with `settings`, each token of step 4 (features/text/language.py)
        mapped straight to its word number by `word_ids`: no prepared string is built and split again. The
        ASCII texts are tokenised at once, SEPARATOR between them. None when the separator occurs in a text
        or a prepared token held a space (two words of the prepared text): the caller counts prepared text."""
        from features.text.language import joined_tokens, text_tokens

        plain = [i for i, t in enumerate(texts) if t.isascii()]
        other = [i for i, t in enumerate(texts) if not t.isascii()]
        joined = joined_tokens([texts[i] for i in plain], settings, SEPARATOR) if plain else []
        ids_a = np.fromiter(map(word_ids.__getitem__, joined), dtype=np.int64, count=len(joined))
        between = ids_a == SEP
        if between.sum() != max(len(plain) - 1, 0):  # a text holds the separator itself
            return None
        doc_a = np.asarray(plain, dtype=np.int64)[np.cumsum(between)]
        raw = [text_tokens(texts[i], settings) for i in other]
        lengths = np.fromiter(map(len, raw), dtype=np.int64, count=len(raw))
        ids_b = np.fromiter(map(word_ids.__getitem__, chain.from_iterable(raw)), dtype=np.int64,
                            count=int(lengths.sum()))
        if word_ids.split_seen or (ids_b == SEP).any():
            return None
        ids = np.concatenate([ids_a, ids_b])  # each text's tokens stay together and in order
        doc = np.concatenate([doc_a, np.repeat(np.asarray(other, dtype=np.int64), lengths)])
        kept = (ids != DROPPED) & (ids != SEP)  # a dropped token is no word of the prepared text
        return self.id_counts(ids[kept], doc[kept], len(texts))

    def id_counts(self, ids: np.ndarray, doc: np.ndarray, n_texts: int) -> sp.csr_matrix:
        """The count matrix of word numbers `ids` (-1: in no vocabulary n-gram) of texts `doc`, in text order."""
        rows, cols = [], []
        for n in range(self.min_n, self.max_n + 1):
            if n == 1:  # a table look-up rather than a search
                known = np.flatnonzero(ids >= 0)
                features = self.unigrams[ids[known]]
                rows.append(doc[known[features >= 0]])
                cols.append(features[features >= 0])
                continue
            start = np.arange(max(0, len(ids) - n + 1))
            ok = doc[start + n - 1] == doc[start]  # the n-gram stays inside one text
            key = np.zeros(len(start), dtype=np.int64)
            for k in range(n):
                part = ids[start + k]
                ok &= part >= 0  # a word in no vocabulary n-gram: no n-gram through it counts
                key = key * self.base + np.maximum(part, 0)
            key = key[ok] + self._offset(n)
            at = np.minimum(np.searchsorted(self.keys, key), len(self.keys) - 1)
            found = self.keys[at] == key
            rows.append(doc[start[ok][found]])
            cols.append(self.features[at[found]])
        rows, cols = np.concatenate(rows), np.concatenate(cols)
        X = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_texts, len(self.vectorizer.vocabulary_)),
                          dtype=np.float64)
        X.sum_duplicates()
        X.sort_indices()
        return X

    def transform(self, texts: list[str]):
        """The fitted vectorizer's TF-IDF of `texts`: its own tf-idf step applied to exact counts."""
        return self.vectorizer._tfidf.transform(self.counts(texts), copy=False)


class FastVectorizer:
    """`transform` of a fitted `make_vectorizer` ColumnTransformer, its word part counted directly
    (`VocabularyCounter`), its other parts by scikit-learn, stacked as the ColumnTransformer stacks them.

    Illustration: FastVectorizer(model[0]).transform(X) equals model[0].transform(X), entry for entry
    """

    def __init__(self, column_transformer):
        self.column_transformer = column_transformer
        self.parts = [(name, t, column) for name, t, column in column_transformer.transformers_ if t != "drop"]
        counters = {name: VocabularyCounter(t) for name, t, _ in self.parts if counts_directly(t)}
        self.counters = {name: c for name, c in counters.items() if c.usable}
        # character n-grams cut once per distinct word (features/tfidf/char_counts.py)
        self.chars = {name: CharCounter(t) for name, t, _ in self.parts if counts_chars_directly(t)}
        self.direct = bool(self.counters or self.chars) and column_transformer.sparse_output_ and all(
            isinstance(column, int) and t != "passthrough" for _, t, column in self.parts)
        self.word_ids: WordIds | None = None  # made by the first transform_texts

    def transform_texts(self, texts: list[str], settings, columns) -> sp.csr_matrix:
        """The TF-IDF matrix of raw texts, as `transform(vectorizer_input(texts, settings, columns))`: the word
        counts straight from each text's tokens (`VocabularyCounter.raw_counts`), the other parts from the
        prepared columns they read."""
        from features.text.language import token_map
        from features.tfidf.vectorize import WORD_COLUMN, vectorizer_input

        word = [name for name, _, column in self.parts if name in self.counters and column == WORD_COLUMN]
        if not self.direct or not word:
            return self.transform(vectorizer_input(texts, settings, columns))
        counter = self.counters[word[0]]
        if self.word_ids is None or self.word_ids.tmap.settings != settings:
            self.word_ids = WordIds(counter.words, token_map(settings))
        counts = counter.raw_counts(texts, settings, self.word_ids)
        if counts is None:  # a prepared token of two words: the prepared-string path counts it right
            return self.transform(vectorizer_input(texts, settings, columns))
        X = vectorizer_input(texts, settings, [c for c in columns if c != WORD_COLUMN])
        blocks = [counter.vectorizer._tfidf.transform(counts, copy=False) if name == word[0]
                  else self.part(name, t, X[:, column]) for name, t, column in self.parts]
        return sp.hstack(blocks).tocsr()

    def part(self, name: str, transformer, column: np.ndarray):
        """One part's TF-IDF of its column: counted directly when it can be, else by scikit-learn."""
        counter = self.counters.get(name) or self.chars.get(name)
        return counter.transform(column.tolist()) if counter else transformer.transform(column)

    def transform(self, X):
        """The TF-IDF matrix of a `vectorizer_input` array, as `column_transformer.transform(X)`."""
        if not self.direct:
            return self.column_transformer.transform(X)
        blocks = [self.part(name, t, X[:, column]) for name, t, column in self.parts]
        return sp.hstack(blocks).tocsr()  # what ColumnTransformer does with sparse parts
