"""Defaults that follow the corpus: segment unit by format, kept negations by language, keyword cues for any
label set, the headline score's name; each checked on a copy of seeds_stance.toml with [corpus] changed."""
import warnings

import pytest

from experiments.config import schema as cfg
from experiments.corpus.data import load_segments
from experiments.output.methods import methods_paragraph
from experiments.stance.baselines import make_baseline, usable_baselines
from experiments.stance.cues import CODEBOOK_CUES
from features.tfidf.vectorize import WORD_COLUMN, vectorizer_input
from tests.stance_helpers import CONFIG, un_table

TWO = ['stance.labels=["FAVOR", "AGAINST"]', "stance.headline_labels=[]"]


def un_copy(table, *overrides):
    """seeds_stance.toml pointed at an English table (only [corpus] changed, plus the given overrides)."""
    corpus = [f'corpus.path="{table}"', 'corpus.format="table"', 'corpus.language="en"', 'corpus.annotations=""',
              'corpus.label_column="label"', 'corpus.id_columns=["country", "session", "year", "para_idx"]',
              'corpus.group_column="country"']
    return cfg.load(CONFIG, [*corpus, *overrides])


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return un_table(tmp_path_factory.mktemp("un"), {"escalation": "AGAINST", "reassurance": "FAVOR"}, 200)


def test_a_table_is_one_segment_per_row_and_an_article_folder_is_cut_into_sentences(table):
    """Before: [segments] unit defaulted (and was written in the seeds config) to "sentence" for any corpus."""
    config = un_copy(table, *TWO)
    assert config.segments.unit == "document" and len(load_segments(config)) == 200
    assert cfg.load(CONFIG).segments.unit == "sentence"


def test_an_english_copy_keeps_no_not_never(table):
    """Before: the copy kept the French keep_words and English "no", "not", "never" were stop words."""
    config = un_copy(table, *TWO)
    assert config.preprocess.keep_words == ("no", "not", "never", "without", "nor")
    segments = load_segments(config)
    words = {w for text in vectorizer_input([s.text for s in segments], config.preprocess)[:, WORD_COLUMN]
             for w in text.split()}
    assert {"no", "not", "never"} <= words


def test_french_negations_on_an_english_corpus_are_warned_about(table):
    with pytest.warns(UserWarning, match=r"keep_words .* holds no negation of \[corpus\] language = 'en'"):
        un_copy(table, *TWO, 'preprocess.keep_words=["ne", "pas", "aucun"]')


def test_keyword_cues_for_any_label_set_or_a_note(table):
    """Before: `unknown key [keywords] FAVOR`; without cues the baseline is left out with a note."""
    config = un_copy(table, *TWO, 'keywords.AGAINST=["threat", "danger"]', 'keywords.FAVOR=["peaceful"]')
    assert usable_baselines(config, ["FAVOR", "AGAINST"]) == (["majority", "stratified", "keyword"], [])
    assert make_baseline("keyword", config, 0).cues == {**{lab: list(cues) for lab, cues in CODEBOOK_CUES.items()},
                                                        "FAVOR": ["peaceful"], "AGAINST": ["threat", "danger"]}
    assert cfg.validate(cfg.to_dict(config)) == config  # the run's config.toml keeps the cue lists
    with pytest.raises(cfg.ConfigError, match=r"unknown key \[keywords\] FAVOUR \(did you mean 'FAVOR'\?\)"):
        un_copy(table, *TWO, 'keywords.FAVOUR=["peaceful"]')
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bare = un_copy(table, *TWO)
    names, notes = usable_baselines(bare, ["FAVOR", "AGAINST"])
    assert names == ["majority", "stratified"] and notes == ["keyword baseline left out: no [keywords] cues for "
                                                             "FAVOR, AGAINST"]


def test_the_headline_score_carries_its_configured_name(table):
    config = un_copy(table, *TWO)
    assert "The headline score is macro-F1 over all labels" in methods_paragraph(config)
    named = un_copy(table, *TWO, 'stance.headline_name="F_avg over FAVOR and AGAINST"')
    assert "The headline score is F_avg over FAVOR and AGAINST" in methods_paragraph(named)
