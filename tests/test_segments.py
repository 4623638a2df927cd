import csv
import io
import tracemalloc

from features.text.segments import iter_folder_segments, segment_document, segment_documents, write_csv
from tests.conftest import DOC_000, DOC_003, SEEDS


def test_seed_sentence_counts_and_unique_ids(seed_segments):
    ids = [s.id for s in seed_segments]
    assert len(ids) == len(set(ids)) == 35
    assert sum(s.doc == DOC_000 for s in seed_segments) == 11
    assert sum(s.doc == DOC_003 for s in seed_segments) == 24


def test_ids_are_stable_and_positional(seed_segments):
    by_id = {s.id: s for s in seed_segments}
    assert by_id[f"{DOC_003}:3:1"].text == "Aucune arme nucléaire réelle n’est utilisée."
    assert by_id[f"{DOC_003}:13:2"].text == "Cela signifiera qu’une ligne très importante a été franchie.”"
    assert by_id[f"{DOC_000}:1:0"].text.startswith("L'OTAN en pourparlers")


def test_no_boilerplate_or_date_marker_in_segments(seed_segments):
    for s in seed_segments:
        assert not s.text.lower().startswith("date ")
        assert "Associated Press" not in s.text and s.text != "Jens Stoltenberg - OTAN" and s.text != "LE MONDE"


def test_metadata_travels_with_segments(seed_segments):
    assert {s.source for s in seed_segments if s.doc == DOC_000} == {"LE MONDE"}
    assert {s.date for s in seed_segments if s.doc == DOC_003} == {"2022-10"}


def test_paragraph_unit(seed_docs):
    paragraphs = segment_documents(seed_docs, "paragraph")
    assert len(paragraphs) == sum(len(d.paragraphs) for d in seed_docs) == 27
    assert paragraphs[0].id == f"{DOC_000}:1"


def test_csv_columns(seed_docs):
    out = io.StringIO()
    write_csv(segment_document(seed_docs[1]), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0])[:2] == ["id", "doc"] and {"source", "date", "text"} <= set(rows[0])
    assert rows[0]["date"] == "2022-10"


def test_streamed_segments_equal_the_segments_of_read_documents(seed_segments):
    assert list(iter_folder_segments(SEEDS)) == seed_segments


def test_large_file_is_segmented_in_a_fraction_of_its_size_in_memory(tmp_path):
    # 2 MB of distinct paragraphs: reading the file whole would need more than its size (bytes + text).
    paragraph = "Paragraphe {} : la dissuasion nucléaire reste crédible. M. Dupont l’a dit à l’OTAN.\n\n"
    with open(tmp_path / "big.txt", "w", encoding="utf-8") as f:
        f.write("LE MONDE\n\n" + "".join(paragraph.format(i) for i in range(20_000)))
    size = (tmp_path / "big.txt").stat().st_size
    tracemalloc.start()
    try:
        segments = iter_folder_segments(tmp_path)
        n_segments = sum(1 for s in segments if s.source == "LE MONDE")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n_segments == 40_000
    assert peak < size / 3, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB file"
