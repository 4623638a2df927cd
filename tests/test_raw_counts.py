"""predict's word counts straight from the tokens (no prepared string in between) equal the prepared-text path,
bit for bit, on real English and French text; the tokens of ASCII texts joined at once equal each text's own."""
import csv
import re

import numpy as np
import pytest

from experiments.stance import modelfile
from experiments.stance.explain import explainer
from experiments.stance.predict import fast_vectorizer, needed_columns, predict_chunk
from features.text import language
from features.text.language import TextSettings, joined_tokens, prepare, text_tokens, token_map
from features.tfidf.vectorize import vectorizer_input
from features.tfidf.vocab_counts import SEPARATOR, WordIds
from tests.conftest import ROOT, SEEDS, shared_data
from tests.stance_helpers import train_seed_model
from tests.test_vocab_counts import same_matrix, seed_lines

ODD = ["", "   ", "0sep0 at the start", "Σίσυφος ΟΔΟΣ ΑΣ.", "tab\there_and\x1cthere", "l'`otan` qu'il",
       "déjà—vu « ultime »", "2024 1st 3d", "\x00nul\x00", "under_score", "a-t-il 0SEP0 dit"]


def un_passages(n: int) -> list[str]:
    path = shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    with open(path, encoding="utf-8") as f:
        return [r["text"] for _, r in zip(range(n), csv.DictReader(f), strict=False)]


def reference_tokens(text: str, settings: TextSettings) -> list[str]:
    """Steps 1-4 as written before the ASCII shortcut: every replacement, then the regular expression."""
    text = language.normalize_typography(text)
    text = text.lower() if settings.lowercase else text
    text = language.split_elisions(text) if settings.language == "fr" else text
    return re.findall(r"[^\W_]+", text)


@pytest.mark.parametrize("language_", ["fr", "en"])
@pytest.mark.parametrize("lowercase", [True, False])
def test_tokens_of_each_text_and_of_joined_ascii_texts_equal_the_regular_expression(language_, lowercase):
    settings = TextSettings(language=language_, lowercase=lowercase)
    texts = seed_lines() + ODD
    expected = [reference_tokens(t, settings) for t in texts]
    assert [text_tokens(t, settings) for t in texts] == expected
    plain = [t for t in texts if t.isascii()]
    joined = " ".join(joined_tokens(plain, settings, "7between7")).split("7between7")
    assert [p.split() for p in joined] == [reference_tokens(t, settings) for t in plain]


def test_raw_counts_equal_counts_of_prepared_text_on_un_passages():
    model, card = modelfile.load(ROOT / "results" / "ungdc_stance" / "model.skops")
    texts = un_passages(3000) + ODD
    settings, fast = modelfile.text_settings(card), fast_vectorizer(model)
    reference = model[0].transform(vectorizer_input(texts, settings, needed_columns(model)))
    same_matrix(fast.transform_texts(texts, settings, needed_columns(model)), reference)
    assert reference.nnz > 20 * len(texts)  # bigrams counted too
    counter, texts = fast.counters["word"], [t for t in texts if SEPARATOR not in t.lower()]
    direct = counter.raw_counts(texts, settings, fast.word_ids)
    assert direct is not None  # the direct path itself, not its fall-back
    same_matrix(direct, counter.counts(prepare(texts, settings)))


def test_a_words_and_characters_french_model_gives_the_same_matrix(tmp_path):
    model, card = modelfile.load(train_seed_model(tmp_path))
    texts = seed_lines() + ODD
    settings, columns = modelfile.text_settings(card), needed_columns(model)
    assert columns == [0, 1]
    same_matrix(fast_vectorizer(model).transform_texts(texts, settings, columns),
                model[0].transform(vectorizer_input(texts, settings, columns)))


def test_the_separator_in_a_text_or_a_two_word_lemma_falls_back_to_prepared_text():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from features.tfidf.vocab_counts import VocabularyCounter

    settings = TextSettings(language="en", lemmatize=True)
    counter = VocabularyCounter(TfidfVectorizer(token_pattern=r"\S+", lowercase=False).fit(["nuclear weapon sep"]))
    ids = WordIds(counter.words, token_map(settings))
    assert counter.raw_counts(["nuclear weapons", f"a {SEPARATOR} b"], settings, ids) is None
    assert counter.raw_counts(["nuclear weapons", "é weapon"], settings, ids).toarray().tolist() == [
        [1.0, 0.0, 1.0], [0.0, 0.0, 1.0]]  # columns nuclear, sep, weapon
    split = WordIds(counter.words, {"nuclear": "nuclear", "weapons": "weapon of"})
    split.tmap = type("Map", (dict,), {"max_size": 10})(split.tmap)
    assert counter.raw_counts(["nuclear weapons"], settings, split) is None  # "weapon of": two words


def test_predict_is_the_same_with_the_direct_counts_on_un_passages():
    model, card = modelfile.load(ROOT / "results" / "ungdc_stance" / "model.skops")
    texts = un_passages(1500)
    plain = predict_chunk(model, card, texts, 5)  # scikit-learn's transform of the prepared text
    fast = predict_chunk(model, card, texts, 5, explainer(model), fast_vectorizer(model))
    assert list(plain[0]) == list(fast[0]) and np.array_equal(plain[1], fast[1]) and plain[2] == fast[2]
    assert sum(map(bool, fast[2])) > len(texts) / 2 and SEEDS.is_dir()
