"""A very long line (an article saved on one line) is read in pieces: memory stays bounded, no text is lost."""
import tracemalloc

import pytest

from features.read.documents import stream_article
from features.read.encoding import MAX_LINE_BYTES, raw_pieces, sniff
from features.text.segments import iter_folder_segments
from features.text.sentences import iter_sentences

SEED = "seeds/003_83fc1e9fc7e21474.txt"


def one_line_article(path, n_bytes: int) -> str:
    """The seed article's paragraphs, repeated (numbered, so that no paragraph repeats) on one line."""
    text = open(SEED, encoding="utf-8-sig").read()
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    parts, size, k = [], 0, 0
    while size < n_bytes:
        part = paragraphs[k % len(paragraphs)].replace("nucléaire", f"nucléaire{k}")
        parts.append(part)
        size, k = size + len(part.encode()) + 1, k + 1
    line = " ".join(parts)
    path.write_text(line, encoding="utf-8")
    return line


def test_pieces_of_a_long_line_are_bounded_and_give_back_every_byte(tmp_path):
    line = one_line_article(tmp_path / "a.txt", 200_000)
    pieces = list(raw_pieces(tmp_path / "a.txt", max_bytes=10_000, chunk_size=4096))
    assert all(len(piece) <= 10_000 for piece, _ in pieces)
    assert [goes_on for _, goes_on in pieces] == [True] * (len(pieces) - 1) + [False]
    assert b"".join(piece for piece, _ in pieces) == line.encode()
    # Every cut falls after a sentence stop and its space, never inside a word or an accented character.
    assert all(piece.endswith((b". ", b"! ", b"? ")) for piece, _ in pieces[:-1])


def test_a_line_of_several_mb_keeps_every_sentence_and_warns_once(tmp_path):
    line = one_line_article(tmp_path / "a.txt", 3 * MAX_LINE_BYTES)
    assert sniff(tmp_path / "a.txt") == "utf-8-sig"
    with pytest.warns(UserWarning, match=r"a\.txt:1: 1 line\(s\) longer than 1 MB") as caught:
        doc, paragraphs = stream_article(tmp_path / "a.txt")
        paragraphs = list(paragraphs)
    assert len(caught) == 1
    assert len(paragraphs) >= 3 and all(len(p.encode()) <= MAX_LINE_BYTES for _, p in paragraphs)
    assert doc.date == "2022-10"  # the date marker at the start of the line is still found
    # The cuts fall between sentences: the sentences are those of the whole line, in order.
    sentences = [s for _, p in paragraphs for s in iter_sentences(p)]
    assert sentences == list(iter_sentences(line.removeprefix("date 2022-10").strip()))


@pytest.mark.slow
def test_segmenting_a_one_line_article_holds_one_piece_not_the_file(tmp_path):
    """Peak memory of streaming the segments of a one-line article does not grow with the file."""
    peaks = []
    for size in (2 * MAX_LINE_BYTES, 8 * MAX_LINE_BYTES):
        folder = tmp_path / str(size)
        folder.mkdir()
        one_line_article(folder / "a.txt", size)
        tracemalloc.start()
        with pytest.warns(UserWarning, match="longer than 1 MB"):
            n = sum(1 for _ in iter_folder_segments(folder))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert n > 1000
    # Holding the 8 MB line once as text would cost at least 8 MB more than the 2 MB one.
    assert peaks[1] < peaks[0] + MAX_LINE_BYTES, peaks
