from features.text.language import (
    TextSettings,
    english_stop_words,
    prepare,
    prepare_chars,
    split_elisions,
    stop_word_set,
    tokens,
)


def test_elisions_are_split_off():
    assert split_elisions("l'OTAN d'armes qu'il n'a jusqu'à lorsqu'on c'est s'exprime") == \
        "OTAN armes il a à on est exprime"


def test_typographic_apostrophes_are_normalised_before_elisions():
    assert tokens("L’OTAN s’exprime", TextSettings(stop_words=False)) == ["otan", "exprime"]


def test_stop_words_removed_but_negations_kept():
    text = "Aucun signe de préparatifs nucléaires russes"
    assert tokens(text, TextSettings()) == ["signe", "préparatifs", "nucléaires", "russes"]
    assert tokens(text, TextSettings(keep_words=("aucun",))) == ["aucun", "signe", "préparatifs", "nucléaires",
                                                                 "russes"]
    assert "aucun" in stop_word_set("fr") and "the" in stop_word_set("en")


def test_lemmas_and_accents():
    s = TextSettings(lemmatize=True, strip_accents=True)
    # "étaient" lemmatises to the stop word "être" and goes; accents go after lemmatising
    assert tokens("les armes nucléaires étaient déplacées", s) == ["arme", "nucleaire", "deplace"]


def test_english_has_no_elision_step():
    assert tokens("The alliance's nuclear weapons", TextSettings(language="en")) == ["alliance", "nuclear", "weapons"]


def test_prepare_on_seed_sentence(seed_segments):
    text = next(s.text for s in seed_segments if s.id.endswith(":3:1"))
    assert prepare([text], TextSettings())[0] == "aucune arme nucléaire réelle utilisée"  # n' and est go
    assert prepare_chars([text], TextSettings())[0] == "aucune arme nucléaire réelle est utilisée"


def test_the_english_stop_words_are_scikit_learns():
    """Read from scikit-learn's file without importing scikit-learn: the very list its import gives."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert english_stop_words() == ENGLISH_STOP_WORDS and len(ENGLISH_STOP_WORDS) == 318


def test_ascii_texts_prepared_together_are_prepared_as_one_by_one(seed_segments):
    """`prepare_chars` joins the ASCII texts by NUL for one pass: the same text as each alone, on the seeds in
    English and French settings and where joining could change a text: an elision cut by the end of a text,
    a text that is only a gap, a backtick apostrophe, a NUL inside a text, non-ASCII texts in between."""
    from features.text.language import text_chars

    edges = ["l", "'OTAN", "qu'", "il", "Ends in l'", "D`abord", " .,- ", "", "a\x00b", "L’OTAN", "x__y 2024",
             "déjà l'été", "\tTab\nline\x1cend"]
    seeds = [s.text for s in seed_segments]
    for texts in (seeds, edges, [t for t in edges if "\x00" not in t], [t.encode("ascii", "replace").decode()
                                                                     for t in seeds]):
        for settings in (TextSettings(), TextSettings(language="en"), TextSettings(lowercase=False),
                         TextSettings(strip_accents=True)):
            assert prepare_chars(texts, settings) == [text_chars(t, settings) for t in texts]
    assert prepare_chars(["Ends in l'", "OTAN", "d`abord"], TextSettings()) == ["ends in l", "otan", "abord"]
