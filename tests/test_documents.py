from features.documents import parse_article, split_paragraphs
from tests.conftest import DOC_000, DOC_003


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
