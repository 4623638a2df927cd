import pytest

from features.encoding import CorpusError, EncodingWarning_, decode_bytes, read_text
from tests.conftest import DOC_003, SEEDS


def test_utf8_seed_is_read_as_is():
    text = read_text(SEEDS / f"{DOC_003}.txt")
    assert "Les manœuvres impliquent" in text and "’" in text


def test_bom_is_removed_and_crlf_normalised():
    assert decode_bytes("\ufeffLe Monde\r\nsuite\rfin".encode("utf-8"), "x.txt") == "Le Monde\nsuite\nfin"


def test_cp1252_is_decoded_with_a_warning_naming_the_file():
    data = "Première ligne\nla dissuasion nucléaire – « efficace »".encode("cp1252")
    with pytest.warns(EncodingWarning_, match=r"article\.txt:1: not UTF-8"):
        text = decode_bytes(data, "article.txt")
    assert text == "Première ligne\nla dissuasion nucléaire – « efficace »"


def test_binary_is_refused():
    with pytest.raises(CorpusError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00", "image.txt")
