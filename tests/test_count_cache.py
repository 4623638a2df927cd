"""The token-count cache ([features] engine = "cached"): nothing read back from it can run code, and an
entry whose files differ from their recorded SHA-256 is recomputed, never used."""
import json
import pickle

import pytest

from experiments.cli import main
from features.text.language import TextSettings
from features.tfidf import count_cache
from features.tfidf.token_counts import corpus_counts
from features.tfidf.vectorize import FeatureSettings
from tests.conftest import ROOT

CONFIG = (f'[experiment]\nname = "seeds_topics"\ncache_dir = "cache"\n[corpus]\npath = "{ROOT / "seeds"}"\n'
          '[features]\nengine = "cached"\n[topics]\nn_clusters = 4\nn_init = 1\n')


class Payload:
    """Unpickling this creates `marker`: the proof that a cache file was unpickled (code ran)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return exec, (f"open({self.marker!r}, 'w').close()",)


def plant(cache, marker) -> list:
    """Replace every data file of the cache by the payload (joblib's copy of the function's source is
    left alone: joblib compares it before loading and would otherwise just recount)."""
    planted = [p for p in cache.rglob("*") if p.is_file() and p.name != "func_code.py"]
    for p in planted:
        p.write_bytes(pickle.dumps(Payload(marker)))
    return planted


def test_a_pickle_planted_in_the_cache_does_not_run(tmp_path, monkeypatch, recwarn):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.toml").write_text(CONFIG, encoding="utf-8")
    assert main(["run", "t.toml", "--quiet"]) == 0
    terms = (tmp_path / "results" / "seeds_topics" / "tables" / "topic_terms.csv").read_bytes()
    marker = tmp_path / "code_ran"
    assert plant(tmp_path / "cache", marker)
    status = main(["run", "t.toml", "--quiet"])
    assert not marker.exists()  # before: joblib.Memory unpickled output.pkl, created it, then failed (exit 1)
    assert status == 0
    assert any("cache entry not used" in str(w.message) for w in recwarn)
    assert (tmp_path / "results" / "seeds_topics" / "tables" / "topic_terms.csv").read_bytes() == terms


@pytest.fixture
def texts():
    from features.read.documents import read_folder
    from features.text.segments import segment_documents

    return [s.text for s in segment_documents(read_folder(ROOT / "seeds"), "sentence")]


def test_an_entry_changed_after_it_was_written_is_recomputed(texts, tmp_path):
    settings = TextSettings(language="fr")
    first = corpus_counts(texts, settings, FeatureSettings(), cache_dir=str(tmp_path))
    (entry,) = (tmp_path / "token_counts").iterdir()
    names = json.loads((entry / "names.json").read_text())
    (entry / "names.json").write_text(json.dumps(["forged"] + names[1:]))  # still valid JSON, same length
    with pytest.warns(UserWarning, match=r"names.json: SHA-256 differs from record.json"):
        again = corpus_counts(texts, settings, FeatureSettings(), cache_dir=str(tmp_path))
    assert list(again.names) == list(first.names) and (again.X != first.X).nnz == 0
    assert count_cache.load(tmp_path, entry.name) is not None  # rewritten whole


def test_no_cache_dir_writes_nothing(texts, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    counts = corpus_counts(texts[:5], TextSettings(language="fr"), FeatureSettings(), cache_dir=None)
    assert counts.X.shape[0] == 5 and not any(tmp_path.iterdir())
