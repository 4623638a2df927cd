import pytest

from features.read.documents import parse_article, read_folder, split_paragraphs, stream_article
from features.read.encoding import CorpusError, EncodingWarning_
from tests.conftest import DOC_000, DOC_003, SEEDS


def test_seed_metadata(seed_docs):
    docs = {d.id: d for d in seed_docs}
    assert list(docs) == [DOC_000, DOC_003]
    assert docs[DOC_000].source == "LE MONDE" and docs[DOC_000].date == ""
    assert docs[DOC_003].date == "2022-10" and docs[DOC_003].source == ""


def test_seed_boilerplate_is_dropped(seed_docs):
    docs = {d.id: d for d in seed_docs}
    assert docs[DOC_000].dropped == [(0, "outlet header"), (2, "repeated line"), (3, "repeated line")]
    assert docs[DOC_003].dropped == [(4, "caption or photo credit"), (15, "caption or photo credit")]
    text = " ".join(p for d in seed_docs for _, p in d.paragraphs)
    assert "Associated Press" not in text and "Jens Stoltenberg - OTAN" not in text
    assert docs[DOC_003].paragraphs[0] == (0, docs[DOC_003].paragraphs[0][1])
    assert docs[DOC_003].paragraphs[0][1].startswith("Les ministres de la Défense")


def test_paragraph_numbers_count_the_file_as_received():
    doc = parse_article("LE MONDE\n\nTitre\n\nA - B\n\nA - B\n\nTexte final.", "x")
    assert doc.paragraphs == [(1, "Titre"), (4, "Texte final.")]


def test_hard_wrapped_lines_join_and_unbroken_files_split_by_line():
    assert split_paragraphs("Une phrase\ncoupée.\n\nAutre.") == ["Une phrase coupée.", "Autre."]
    assert split_paragraphs("Ligne un.\nLigne deux.") == ["Ligne un.", "Ligne deux."]


def test_empty_folder_and_folder_without_articles_name_the_folder(tmp_path):
    with pytest.raises(CorpusError, match=r"no article files \(\*\.txt\) in this folder; put one article"):
        read_folder(tmp_path)
    (tmp_path / "notes.csv").write_text("id,label\n")
    with pytest.raises(CorpusError, match=r"in this folder \(only: notes\.csv\)"):
        read_folder(tmp_path)


@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n\t\n", b"\xef\xbb\xbf"])
def test_empty_or_blank_file_is_refused(tmp_path, content):
    (tmp_path / "a.txt").write_bytes(content)
    with pytest.raises(CorpusError, match=r"a\.txt: empty file \(no text\); remove it or add its text"):
        read_folder(tmp_path)


def _seed_variant(tmp_path, name, transform):
    """The seed article 003 rewritten by `transform(text) -> bytes` into its own folder."""
    folder = tmp_path / name
    folder.mkdir()
    text = (SEEDS / f"{DOC_003}.txt").read_text(encoding="utf-8")
    (folder / f"{DOC_003}.txt").write_bytes(transform(text))
    return read_folder(folder)[0]


@pytest.mark.parametrize("name,transform", [
    ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    ("cr", lambda t: t.replace("\n", "\r").encode("utf-8")),
    ("bom", lambda t: t.encode("utf-8-sig")),
])
def test_crlf_cr_and_bom_give_the_same_document(tmp_path, seed_docs, name, transform):
    doc = _seed_variant(tmp_path, name, transform)
    expected = {d.id: d for d in seed_docs}[DOC_003]
    assert (doc.paragraphs, doc.date, doc.source, doc.dropped) == (
        expected.paragraphs, expected.date, expected.source, expected.dropped)


def test_cp1252_article_reads_the_same_accented_text_with_a_warning(tmp_path, seed_docs):
    with pytest.warns(EncodingWarning_, match=rf"{DOC_003}\.txt:\d+: not UTF-8 .* read as cp1252"):
        doc = _seed_variant(tmp_path, "cp1252", lambda t: t.encode("cp1252"))
    expected = {d.id: d for d in seed_docs}[DOC_003]
    assert doc.paragraphs == expected.paragraphs
    assert any("nucléaire" in p and "’" in p for _, p in doc.paragraphs)


def test_streamed_file_equals_parsed_text(tmp_path):
    text = "LE MONDE\n\nTitre\n\nA - B\n\nUne phrase\ncoupée.\n\nA - B\n\n"
    (tmp_path / "x.txt").write_text(text, encoding="utf-8")
    doc, paragraphs = stream_article(tmp_path / "x.txt")
    assert list(paragraphs) == parse_article(text, "x").paragraphs == [(1, "Titre"), (3, "Une phrase coupée.")]
    assert doc.source == "LE MONDE" and doc.dropped == [(0, "outlet header"), (2, "repeated line"),
                                                        (4, "repeated line")]


def test_blank_line_rule_matches_the_text_rule():
    # a blank line counts only between two lines: trailing or leading blank lines do not make blocks
    assert split_paragraphs("A\nB\n") == ["A", "B"]
    assert split_paragraphs("A\nB\n\n") == ["A B"]
    assert split_paragraphs(" \nA\nB") == ["A", "B"]
