import re

import pytest

from features.read.encoding import (
    MIXED,
    CorpusError,
    EncodingWarning_,
    all_utf8,
    decode_bytes,
    iter_lines,
    raw_lines,
    read_text,
    sniff,
)
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


def test_utf16_is_refused_with_what_to_do():
    with pytest.raises(CorpusError, match=r"u\.txt:1: UTF-16 text, not UTF-8; save it as UTF-8"):
        decode_bytes("Le Monde".encode("utf-16"), "u.txt")


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 5, 64])
def test_raw_lines_split_every_line_end_across_chunk_boundaries(tmp_path, chunk_size):
    data = b"A\r\nB\rC\n\r\nD\r"
    (tmp_path / "a.txt").write_bytes(data)
    assert list(raw_lines(tmp_path / "a.txt", chunk_size)) == re.split(rb"\r\n|\r|\n", data)


def test_streamed_lines_match_whole_file_decoding(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffLe Monde\r\nnucléaire\r\n".encode("utf-8"))
    assert sniff(path) == "utf-8-sig"
    assert "\n".join(iter_lines(path, "utf-8-sig")) == read_text(path) == "Le Monde\nnucléaire\n"


def test_sniff_names_the_first_line_that_is_not_utf8(tmp_path):
    path = tmp_path / "w.txt"
    path.write_bytes("ligne un\r\nligne deux\r\nla dissuasion nucléaire".encode("cp1252"))
    with pytest.warns(EncodingWarning_, match=r"w\.txt:3: not UTF-8 \(byte 0xe9\); read as cp1252"):
        assert sniff(path) == MIXED
    assert list(iter_lines(path, MIXED))[2] == "la dissuasion nucléaire"


def test_sniff_refuses_binary_before_reading_lines(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"x" * 100)  # a .docx renamed .txt
    with pytest.raises(CorpusError, match=r"doc\.txt: binary file \(NUL byte at offset 5\)"):
        sniff(path)


def test_only_the_lines_that_are_not_utf8_are_read_as_cp1252(tmp_path):
    seed = (SEEDS / f"{DOC_003}.txt").read_bytes()
    windows = "Il a évoqué les « préparatifs » – rien de plus.".encode("cp1252")
    path = tmp_path / "a.txt"
    path.write_bytes(seed + b"\n" + windows + b"\n\n" + windows + b"\n")
    n = seed.count(b"\n") + 2
    with pytest.warns(EncodingWarning_, match=rf"a\.txt:{n}: 2 line\(s\) not UTF-8: {n}, {n + 2} \(byte 0xe9\)"):
        assert sniff(path) == MIXED
    lines = list(iter_lines(path, MIXED))
    assert "\n".join(lines).startswith(read_text(SEEDS / f"{DOC_003}.txt"))  # every UTF-8 accent intact
    assert lines[n - 1] == lines[n + 1] == "Il a évoqué les « préparatifs » – rien de plus."
    with pytest.warns(EncodingWarning_, match="2 line"):
        assert decode_bytes(path.read_bytes(), "a.txt") == "\n".join(lines)


def test_utf8_policy_refuses_a_file_naming_its_first_bad_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes((SEEDS / f"{DOC_003}.txt").read_bytes() + "\nnucléaire\n".encode("cp1252"))
    with pytest.raises(CorpusError, match=r"a\.txt:\d+: not UTF-8 \(byte 0xe9\) and \[corpus\] encoding"):
        sniff(path, "utf-8")


@pytest.mark.parametrize("codec,order", [("utf-16-le", "LE"), ("utf-16-be", "BE")])
def test_utf16_without_bom_is_named_utf16_not_binary(tmp_path, codec, order):
    path = tmp_path / "u.txt"
    path.write_bytes(read_text(SEEDS / f"{DOC_003}.txt").encode(codec))
    with pytest.raises(CorpusError, match=rf"u\.txt:1: UTF-16{order} text without BOM, not UTF-8"):
        sniff(path)


def test_a_single_line_of_megabytes_is_read_whole_in_linear_time(tmp_path):
    import time

    line = read_text(SEEDS / f"{DOC_003}.txt").replace("\n", " ").encode("utf-8")
    path = tmp_path / "one.txt"
    times = []
    for repeat in (200, 800):  # 4x the length; quadratic joining took ~16x the time
        path.write_bytes(line * repeat + b"\r\nfin")
        best = float("inf")
        for _ in range(3):  # this process's CPU time, the least of three: other work on the machine barely moves it
            t = time.process_time()
            lines = list(raw_lines(path, chunk_size=4096))
            best = min(best, time.process_time() - t)
        times.append(best)
        assert lines == [line * repeat, b"fin"]
    assert times[1] < 8 * times[0] + 0.05, times


def test_the_whole_file_check_agrees_with_the_line_by_line_pass(tmp_path):
    article = (SEEDS / f"{DOC_003}.txt").read_bytes()
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_bytes(article)
    bad.write_bytes(article + "\nune ligne en cp1252 : caf\u00e9\n".encode("cp1252"))
    # characters of several bytes cut by the chunk boundaries are decoded whole
    assert all(all_utf8(good, chunk_size=n) for n in (1, 2, 3, 7, 1 << 20))
    assert not all_utf8(bad, chunk_size=3) and not all_utf8(bad)
    assert sniff(good) == "utf-8-sig"
    with pytest.warns(EncodingWarning_, match="1 line"):
        assert sniff(bad) == MIXED
    truncated = tmp_path / "cut.txt"
    truncated.write_bytes(article + "é".encode("utf-8")[:1])  # a character cut off at the end of the file
    assert not all_utf8(truncated)
