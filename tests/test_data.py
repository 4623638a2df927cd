"""The seed annotations: every sentence segment labelled, with codebook labels only."""
import csv
from dataclasses import replace

import pytest

from experiments.config.schema import LABELS
from experiments.config.sections import Evaluation
from experiments.corpus.data import check_trainable, labelled, read_annotations
from features.read.encoding import CorpusError, EncodingWarning_
from tests.conftest import SEEDS


def test_annotations_cover_every_seed_sentence(seed_segments):
    rows = list(csv.DictReader(open(SEEDS / "annotations.csv", encoding="utf-8")))
    assert [r["id"] for r in rows] == [s.id for s in seed_segments]
    assert all(r["rationale"].strip() for r in rows)
    y = labelled(seed_segments, read_annotations(SEEDS / "annotations.csv", LABELS), "annotations.csv")
    assert set(y) == set(LABELS)


def test_codebook_defines_every_label():
    codebook = (SEEDS / "CODEBOOK.md").read_text(encoding="utf-8")
    for label in LABELS:
        assert f"### {label}" in codebook


def test_misspelled_label_suggests_the_nearest(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,label\nx:0:0,deterence\n")
    with pytest.raises(CorpusError, match=r"a\.csv:2: unknown label 'deterence'; did you mean 'deterrence'"):
        read_annotations(path, LABELS)


def test_a_label_in_another_unicode_form_is_the_config_s_label(tmp_path):
    """"répression" typed as e + combining accent (a macOS export) is the label, not an unknown one."""
    path = tmp_path / "a.csv"
    path.write_text("id,label\nx:0:0,re\u0301pression\ny:0:0,none\n", encoding="utf-8")
    annotations = read_annotations(path, ["r\u00e9pression", "none"])
    assert annotations["x:0:0"] == "r\u00e9pression"


def test_unlabelled_segments_are_listed(seed_segments):
    ids = [s.id for s in seed_segments]
    with pytest.raises(CorpusError) as err:
        labelled(seed_segments, {ids[0]: "none"}, "a.csv")
    assert str(err.value) == (f"a.csv: 34 segment(s) have no annotation: {', '.join(ids[1:6])} and 29 more; "
                              'add a row for each, or set [corpus] unannotated = "unlabelled"')


def write_annotations(tmp_path, rows: list[str], encoding="utf-8"):
    path = tmp_path / "ann.csv"
    path.write_bytes(("id,label,rationale\n" + "".join(r + "\n" for r in rows)).encode(encoding))
    return path


def seed_rows(seed_segments, label=None):
    """One CSV row per seed segment with its real label (or `label` for all)."""
    real = read_annotations(SEEDS / "annotations.csv", LABELS)
    return [f"{s.id},{label or real[s.id]},x" for s in seed_segments]


def test_ids_matching_no_segment_give_the_line_and_count(tmp_path, seed_segments):
    rows = seed_rows(seed_segments) + ["000_109b279601610553:99:0,none,x", "autre:0:0,none,x"]
    path = write_annotations(tmp_path, rows)
    with pytest.raises(CorpusError) as err:
        labelled(seed_segments, read_annotations(path, LABELS), str(path))
    assert str(err.value) == (f"{path}:37: id '000_109b279601610553:99:0' matches no segment of the corpus "
                              "(2 such ids); compare with the ids printed by `stancelab segments`")


@pytest.mark.parametrize("row,message", [
    ("x:0:0,bluff,x", r"ann\.csv:2: unknown label 'bluff'; use one of deterrence, escalation, reassurance, none"),
    ("x:0:0,,x", r"ann\.csv:2: empty label; give one of deterrence, escalation"),
    (",none,x", r"ann\.csv:2: empty id; give the segment id as printed by `stancelab segments`"),
    ("x:0:0", r"ann\.csv:2: empty label"),
])
def test_bad_rows_name_their_line(tmp_path, row, message):
    with pytest.raises(CorpusError, match=message):
        read_annotations(write_annotations(tmp_path, [row]), LABELS)


def test_duplicate_id_names_both_lines(tmp_path):
    path = write_annotations(tmp_path, ["x:0:0,none,a", "x:1:0,none,b", "x:0:0,escalation,c"])
    with pytest.raises(CorpusError, match=r"ann\.csv:4: duplicate id 'x:0:0' \(first on line 2\); keep one row"):
        read_annotations(path, LABELS)


def test_missing_columns_and_empty_file(tmp_path):
    path = tmp_path / "ann.csv"
    path.write_text("segment,stance\nx:0:0,none\n")
    with pytest.raises(CorpusError, match=r"ann\.csv:1: missing column\(s\) id, label; the header must name "
                                          r"id,label \(found segment,stance\)"):
        read_annotations(path, LABELS)
    path.write_text("")
    with pytest.raises(CorpusError, match=r"ann\.csv: empty file; write a header row id,label"):
        read_annotations(path, LABELS)


def test_cp1252_annotations_are_read_with_a_warning(tmp_path):
    path = write_annotations(tmp_path, ["x:0:0,none,déclaration sans enjeu – « routine »"], "cp1252")
    with pytest.warns(EncodingWarning_, match=r"ann\.csv:2: not UTF-8"):
        assert read_annotations(path, LABELS) == {"x:0:0": "none"}


STANCE = Evaluation(protocols=("grouped_cv", "repeated_cv"), n_splits=3, small_class="error")


def test_a_single_class_is_refused(seed_segments):
    y, groups = ["none"] * len(seed_segments), [s.doc for s in seed_segments]
    with pytest.raises(CorpusError, match="a.csv: every segment is labelled 'none'; a classifier needs at least two"):
        check_trainable(y, groups, STANCE, "a.csv")


def test_a_label_with_fewer_examples_than_folds_is_named(seed_segments):
    y = read_annotations(SEEDS / "annotations.csv", LABELS)
    y = [y[s.id] for s in seed_segments]
    check_trainable(y, [s.doc for s in seed_segments], STANCE, "a.csv")  # the seeds: 6 escalation >= 3 folds
    with pytest.raises(CorpusError, match=r"a\.csv: label 'escalation' has 6 example\(s\), fewer than the 7 folds "
                                          r"of repeated_cv; annotate more segments with it, or set \[evaluation\] "
                                          r"n_splits = 6"):
        check_trainable(y, [s.doc for s in seed_segments], replace(STANCE, n_splits=7), "a.csv")


def test_one_article_cannot_be_left_out(seed_segments):
    y = ["none", "escalation"] * 3
    with pytest.raises(CorpusError, match="grouped_cv needs at least 2 groups \\(articles\\), the corpus has 1"):
        check_trainable(y, ["a"] * 6, STANCE, "a.csv")


def test_unannotated_segments_are_an_error_or_kept_unlabelled_with_a_warning(tmp_path):
    """A corpus of which only a sample is labelled: the default names the missing segments and stops;
    [corpus] unannotated = "unlabelled" keeps them out of training and scoring and says how many."""
    import warnings as _warnings

    from experiments.corpus.data import load_segments
    from experiments.corpus.engine import feature_input
    from experiments.corpus.labelled import load_labelled
    from tests.stance_helpers import seeds_config

    lines = (SEEDS / "annotations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    partial = tmp_path / "partial.csv"
    partial.write_text("".join(lines[:-5]), encoding="utf-8")  # the last 5 segments unlabelled
    config = seeds_config()
    config = config.replace("corpus", annotations=str(partial))
    segments = load_segments(config)
    X = feature_input(config, [s.text for s in segments])
    with pytest.raises(CorpusError, match=r"partial.csv: 5 segment\(s\) have no annotation: .*unannotated"):
        load_labelled(config, segments, X)
    config = config.replace("corpus", unannotated="unlabelled")
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        data = load_labelled(config, segments, X)
    assert len(data.y) == len(segments) - 5 and "" not in set(data.y)
    assert any("5 segment(s) have no annotation" in str(w.message) for w in caught)


def test_unlabelled_segments_and_none_left_out_together(tmp_path):
    """unannotated = "unlabelled" with keep_none = false: both filters apply to the same rows."""
    import warnings as _warnings

    from experiments.corpus.data import load_segments
    from experiments.corpus.engine import feature_input
    from experiments.corpus.labelled import load_labelled
    from tests.stance_helpers import seeds_config

    rows = list(csv.DictReader(open(SEEDS / "annotations.csv", encoding="utf-8")))
    partial = tmp_path / "partial.csv"
    with open(partial, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader(), writer.writerows(rows[:-5])
    config = seeds_config("stance.keep_none=false", 'corpus.unannotated="unlabelled"')
    config = config.replace("corpus", annotations=str(partial))
    segments = load_segments(config)
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    kept = {r["id"]: r["label"] for r in rows[:-5] if r["label"] != "none"}
    assert [s.id for s in data.segments] == [s.id for s in segments if s.id in kept]
    assert list(data.y) == [kept[s.id] for s in data.segments]


def test_the_annotation_file_is_read_once_for_labels_and_columns(tmp_path, seed_segments, monkeypatch):
    """The labels and the other columns (which can group or split segments) come from one read of the file;
    a short row's missing cells are empty, as the csv module's DictReader made them."""
    import features.read.encoding as encoding
    from experiments.corpus.engine import feature_input
    from experiments.corpus.labelled import load_labelled
    from tests.stance_helpers import seeds_config

    real = read_annotations(SEEDS / "annotations.csv", LABELS)
    rows = [f"{s.id},{real[s.id]},x,coder {k % 3}" for k, s in enumerate(seed_segments)]
    path = tmp_path / "ann.csv"
    path.write_text("id, label ,rationale,coder\n" + "\n".join(rows[:-1] + [rows[-1].rsplit(",", 2)[0]]) + "\n")
    config = seeds_config(f'corpus.annotations="{path}"')
    texts = feature_input(config, [s.text for s in seed_segments])
    reads, decode = [], encoding.decode_bytes
    monkeypatch.setattr(encoding, "decode_bytes", lambda data, name, *a: reads.append(name) or decode(data, name, *a))
    data = load_labelled(config, seed_segments, texts)
    assert reads == [str(path)]
    assert list(data.y) == [real[s.id] for s in seed_segments]
    assert list(data.column("coder")) == [f"coder {k % 3}" for k in range(len(rows) - 1)] + [""]
    assert data.rows[seed_segments[0].id] == {"id": seed_segments[0].id, "label": real[seed_segments[0].id],
                                              "rationale": "x", "coder": "coder 0"}
