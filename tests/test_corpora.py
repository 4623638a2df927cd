"""Tables and folder-per-label collections through the config: segments, splits, labels, a full run."""
import csv
import json
import tarfile

import pytest

from experiments.cli import main
from experiments.config.schema import validate
from experiments.corpus.data import load_segments, segment_groups, segment_labels
from features.read.encoding import CorpusError
from tests.conftest import SEEDS, shared_data


def config(corpus, unit="document", **sections):
    return validate({"experiment": {"name": "t"}, "corpus": corpus, "segments": {"unit": unit}, **sections})


@pytest.fixture
def labelled_table(tmp_path, seed_segments):
    """The seed sentences with their annotated labels, as a CSV table a researcher would bring."""
    labels = {r["id"]: r["label"] for r in csv.DictReader(open(SEEDS / "annotations.csv", encoding="utf-8"))}
    path = tmp_path / "seeds.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["doc", "sid", "stance", "sentence"])
        writer.writerows([s.doc, s.id, labels[s.id], s.text] for s in seed_segments)
    return path


def collection(root, seed_docs):
    """One folder per seed article, one file per paragraph: a small folder-per-label collection."""
    for doc in seed_docs:
        (root / doc.id).mkdir(parents=True)
        for number, text in doc.paragraphs:
            (root / doc.id / f"{number:03d}.txt").write_text(text, encoding="utf-8")
    return root


def test_table_segments_keep_id_group_label(labelled_table, seed_segments):
    cfg = config({"format": "table", "path": str(labelled_table), "text_columns": ["sentence"],
                  "id_columns": ["sid"], "group_column": "doc", "label_column": "stance"})
    segments = load_segments(cfg)
    assert [s.id for s in segments] == [s.id for s in seed_segments]
    assert segment_groups(segments) == [s.doc for s in seed_segments]
    assert segment_labels(cfg, segments).count("none") > 0


def test_sentences_of_table_rows_get_row_ids(labelled_table):
    cfg = config({"format": "table", "path": str(labelled_table), "text_columns": ["doc", "sentence"]},
                 unit="paragraph")
    ids = [s.id for s in load_segments(cfg)]
    assert ids[:2] == ["seeds:2:0", "seeds:2:1"]  # the doc cell and the sentence cell: two paragraphs


def test_folder_and_archive_collections_agree(tmp_path, seed_docs):
    root = collection(tmp_path / "coll" / "train", seed_docs)
    with tarfile.open(tmp_path / "coll.tar.gz", "w:gz") as tar:
        tar.add(root, arcname="train")
    from_folder = load_segments(config({"format": "folder_per_label", "path": str(root)}))
    from_archive = load_segments(config({"format": "folder_per_label", "path": str(tmp_path / "coll.tar.gz"),
                                         "member": "train"}))
    assert from_folder == from_archive and len(from_folder) == sum(len(d.paragraphs) for d in seed_docs)
    assert {s.label for s in from_folder} == {d.id for d in seed_docs}


def test_separate_test_file_and_label_set(tmp_path, labelled_table):
    test_table = tmp_path / "seeds_test.csv"
    test_table.write_bytes(labelled_table.read_bytes())
    cfg = {"format": "table", "path": str(labelled_table), "test_path": str(test_table),
           "text_columns": ["sentence"], "label_column": "stance", "id_columns": ["sid"]}
    with pytest.raises(CorpusError, match=r"seeds_test\.csv:2 duplicate id"):  # the same rows twice
        load_segments(config(cfg))
    segments = load_segments(config({**cfg, "id_columns": []}))  # ids "<file stem>:<line>"
    assert [s.split for s in segments].count("test") == len(segments) // 2
    assert segments[-1].id.startswith("seeds_test:") and segments[-1].split == "test"
    with pytest.raises(CorpusError, match=r"seeds\.csv:\d+ label 'deterrence' not in escalation, none"):
        load_segments(config({**cfg, "labels": ["none", "escalation"]}))
    with pytest.warns(UserWarning, match=r"skipped \d+ invalid row"):
        kept = load_segments(config({**cfg, "labels": ["none", "escalation"], "on_invalid": "skip"}))
    assert {s.label for s in kept} == {"none", "escalation"}


@pytest.mark.shared
def test_un_table_in_english(tmp_path):
    path = shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    cfg = config({"format": "table", "path": str(path), "language": "en", "id_columns":
                  ["country", "session", "year", "para_idx"], "filter_column": "country", "keep_values": ["FRA"]})
    segments = load_segments(cfg)
    assert segments and all(s.id.startswith("FRA_") for s in segments)


def test_stance_run_on_a_table(tmp_path, labelled_table):
    cfg = tmp_path / "table_stance.toml"
    cfg.write_text(f"""[experiment]\nname = "table_stance"\nrandom_state = 0\n
[corpus]\nformat = "table"\npath = "{labelled_table}"\ntext_columns = ["sentence"]\nid_columns = ["sid"]
group_column = "doc"\nlabel_column = "stance"\n[segments]\nunit = "document"\n
[stance]\nmodels = ["logreg"]\nbaselines = ["majority"]\n[evaluation]\nprotocols = ["grouped_cv"]\n""")
    assert main(["run", str(cfg), "--results", str(tmp_path / "out"), "--quiet"]) == 0
    metrics = json.loads((tmp_path / "out" / "table_stance" / "metrics.json").read_text())
    assert 0 < metrics["stance"]["protocols"]["grouped_cv"]["results"]["logreg"]["scores"]["accuracy"]["value"] < 1


def test_a_record_as_one_document_segment_is_what_segment_document_makes(tmp_path):
    """Unit "document" builds each segment directly; it is the one `segment_document` cuts, with the row's
    group, label, split and metadata, on real seed text (an empty row gives none)."""
    from dataclasses import replace

    from experiments.corpus.corpora import record_segments
    from features.read.documents import Document
    from features.read.tables import Record
    from features.text.segments import segment_document

    texts = [(SEEDS / name).read_text(encoding="utf-8") for name in sorted(p.name for p in SEEDS.glob("*.txt"))]
    records = [Record(f"r{i}", text, i + 2, "t.csv", "none", f"g{i % 2}", "train", "2024", "src", {"year": "2024"})
               for i, text in enumerate([*texts, ""])]
    made = [replace(seg, group=r.group, label=r.label, split=r.split, metadata=r.metadata) for r in records
            for seg in segment_document(Document(r.id, r.source, r.date, [(0, r.text)]), "document")]
    assert record_segments(records, "document") == made and len(made) == len(texts)
    assert [s.metadata for s in record_segments(records, "document")] == [{"year": "2024"}] * len(texts)


def test_the_cycle_collector_is_back_after_reading_even_after_an_error(tmp_path):
    """Reading a table pauses the cycle collector; a bad table (an error mid-read) leaves it as it was."""
    import gc

    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\n1,fine\n2,one,cell too many\n", encoding="utf-8")
    assert gc.isenabled()
    with pytest.raises(CorpusError, match="bad.csv:3: 3 cells but 2 columns"):
        load_segments(config({"path": str(bad), "format": "table", "text_columns": ["text"]}))
    assert gc.isenabled()
    gc.disable()
    try:
        table = tmp_path / "ok.csv"
        table.write_text("id,text\n1,La dissuasion.\n", encoding="utf-8")
        assert [s.text for s in load_segments(config({"path": str(table), "format": "table"}))] == ["La dissuasion."]
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()
