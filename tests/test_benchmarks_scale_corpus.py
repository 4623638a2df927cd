"""The scale benchmark's corpus: distinct real segments of the shared datasets, each with a label and a group."""
from collections import Counter

from experiments.benchmarks import scale_corpus
from features.text.sentences import iter_sentences
from tests.conftest import SHARED_DATA, shared_data


def small_corpus():
    """The first 40 documents of each source (every shared dataset the corpus reads must be present)."""
    for source in scale_corpus.SOURCES:
        shared_data(*source.parts)
    return scale_corpus.build(SHARED_DATA, random_state=0, max_docs=40)


def test_segments_are_distinct_labelled_and_grouped():
    segments = small_corpus()
    texts = [s[0] for s in segments]
    assert len(texts) == len(set(texts)) > 1_000  # 40 speeches alone give thousands of paragraphs and sentences
    labels = Counter(s[1] for s in segments)
    assert "un" in labels and len(set(labels) & set(scale_corpus.AG_CLASSES.values())) >= 2
    assert any(lab in labels for lab in ("alt", "comp", "misc", "rec", "sci", "soc", "talk"))
    assert all(s[2].split(":")[0] in ("un", "ng", "ag") for s in segments)
    assert all(len(scale_corpus.WORD.findall(t)) >= scale_corpus.MIN_WORDS and t == " ".join(t.split())
               for t in texts)
    # A paragraph of several sentences and its sentences are all segments (speeches and newsgroup posts; the
    # UN passages and AG News descriptions are kept whole).
    paragraphs = [t for t, _, group in segments if group.startswith("ng:") and len(list(iter_sentences(t))) > 1]
    found = sum(all(s in set(texts) for s in iter_sentences(t) if len(s.split()) >= 5) for t in paragraphs[:100])
    assert paragraphs and found == 100


def test_the_first_segments_hold_every_label_in_turn(tmp_path):
    segments = small_corpus()
    n_labels = len({s[1] for s in segments})
    first = [s[1] for s in segments[:n_labels]]
    assert len(set(first)) == n_labels  # one of each label before any label comes twice
    path = scale_corpus.write_table(segments, 300, tmp_path / "table.csv")
    texts, y, groups = scale_corpus.read_table(path)
    assert texts == [s[0] for s in segments[:300]] and list(y) == [s[1] for s in segments[:300]]
    assert len(set(groups)) > 50


def test_distinct_drops_repeats_and_fragments():
    out = scale_corpus.distinct([("Peace  and security.", "un", "a"), ("Peace and security.", "talk", "b"),
                                 ("Thank you.", "un", "c"), ("x" * 30_000 + " a b", "sci", "d")])
    assert out == [("Peace and security.", "un", "a")]
