"""`stancelab predict` on new French sentences (a table, ids unchanged) and on article files."""
import csv
import io

import numpy as np
import pytest

from experiments.cli import main
from experiments.run import progress
from experiments.stance import modelfile
from experiments.stance.predict import predict, predict_chunk
from tests.conftest import DOC_000, DOC_003, SEEDS
from tests.stance_helpers import train_seed_model

NEW = [("q-17", "La Russie menace d'utiliser l'arme nucléaire et place ses forces en état d'alerte."),
       ("007", "Aucune preuve de préparatifs nucléaires n'a été observée, selon les services de renseignement."),
       ("x 3", "La dissuasion nucléaire de l'OTAN reste la garantie ultime de la sécurité des alliés.")]
LABELS = ["deterrence", "escalation", "reassurance", "none"]


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    return train_seed_model(tmp_path_factory.mktemp("model"))


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_predict_a_csv_of_new_sentences_keeps_ids(saved, tmp_path):
    table = tmp_path / "new.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("id", "text"), *NEW])
    out = tmp_path / "pred.csv"
    assert main(["predict", str(saved), str(table), "--out", str(out), "--quiet"]) == 0
    rows = read(out)
    assert [r["id"] for r in rows] == ["q-17", "007", "x 3"] and [r["text"] for r in rows] == [t for _, t in NEW]
    assert list(rows[0]) == ["id", "text", "label", *[f"p_{lab}" for lab in LABELS], "top_ngrams"]
    for r in rows:
        p = np.array([float(r[f"p_{lab}"]) for lab in LABELS])
        assert p.sum() == pytest.approx(1, abs=1e-3) and r["label"] == LABELS[int(np.argmax(p))]
        assert r["top_ngrams"]
    assert rows[1]["label"] == "reassurance" and rows[2]["label"] == "deterrence"
    summary = read(tmp_path / "pred.summary.csv")
    assert summary[0]["article"] == "new.csv" and summary[0]["n_segments"] == "3"


def test_predict_jsonl_without_ids_numbers_rows(saved, tmp_path):
    table = tmp_path / "new.jsonl"
    table.write_text('{"text": "Aucune arme nucléaire réelle n’est utilisée."}\n', encoding="utf-8")
    out = tmp_path / "p.csv"
    assert main(["predict", str(saved), str(table), "--out", str(out), "--quiet"]) == 0
    assert [r["id"] for r in read(out)] == ["new:1"]


def test_predict_article_files_and_folders_segments_like_the_corpus(saved, tmp_path, capsys):
    assert main(["predict", str(saved), str(SEEDS / f"{DOC_003}.txt"), "--quiet"]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert len(rows) == 24 and rows[0]["id"] == f"{DOC_003}:0:0"
    assert captured.err == ""  # no --out: standard output holds the predictions, and nothing goes to stderr
    assert main(["predict", str(saved), str(SEEDS / f"{DOC_003}.txt"), "--summary", "--quiet"]) == 0
    captured = capsys.readouterr()
    summary = list(csv.DictReader(io.StringIO(captured.out)))  # --summary alone: the summary on stdout
    assert captured.err == "" and len(summary) == 1
    assert summary[0]["article"] == DOC_003 and summary[0]["n_segments"] == "24"
    shares = [float(summary[0][f"share_{lab}"]) for lab in LABELS]
    assert sum(shares) == pytest.approx(1, abs=1e-3)
    out = tmp_path / "folder.csv"
    assert main(["predict", str(saved), str(SEEDS), "--out", str(out), "--quiet"]) == 0
    assert len(read(out)) == 35 and len(read(tmp_path / "folder.summary.csv")) == 2


def test_predict_chunk_is_the_unit_of_streaming(saved):
    model, card = modelfile.load(saved)
    texts = [t for _, t in NEW]
    whole = predict_chunk(model, card, texts)
    parts = [predict_chunk(model, card, texts[i:i + 1]) for i in range(3)]
    assert list(whole[0]) == [p[0][0] for p in parts]
    np.testing.assert_allclose(whole[1], np.vstack([p[1] for p in parts]))


def test_a_table_without_text_column_is_one_line_error(saved, tmp_path, capsys):
    table = tmp_path / "bad.csv"
    table.write_text("id,body\n1,Bonjour\n", encoding="utf-8")
    assert main(["predict", str(saved), str(table)]) == 2
    assert "no 'text' column" in capsys.readouterr().err


def test_predict_shows_progress_over_chunks_on_a_terminal(saved, tmp_path, capsys, monkeypatch):
    table = tmp_path / "five.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("id", "text"), *NEW, *NEW[:2]])
    progress.configure(progress.NORMAL)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    out = io.StringIO()
    predict(str(saved), [str(table)], out, chunk_size=2)
    assert len(out.getvalue().splitlines()) == 1 + 5
    err = capsys.readouterr().err
    assert "predict (chunks of 2 segments)" in err and "it [" in err  # a bar counting chunks


def test_predict_streams_a_table_instead_of_reading_it_whole(saved, tmp_path, monkeypatch):
    table = tmp_path / "new.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("id", "text"), *NEW])
    def read_whole(self):
        raise AssertionError(f"{self} read whole")
    monkeypatch.setattr("pathlib.Path.read_bytes", read_whole)
    out = io.StringIO()
    predict(str(saved), [str(table)], out)
    assert [r["id"] for r in csv.DictReader(io.StringIO(out.getvalue()))] == ["q-17", "007", "x 3"]


def test_empty_and_blank_text_cells_are_never_labelled(saved, tmp_path, capsys):
    # Issue 18: blank cells were labelled 'reassurance' and counted in the shares.
    table = tmp_path / "new.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("id", "text"), NEW[0], ("e1", ""), NEW[1], ("e2", "  \t "), NEW[2]])
    out = tmp_path / "pred.csv"
    with pytest.warns(UserWarning, match=r"new\.csv: 2 row\(s\) with empty text skipped \(line\(s\) 3, 5\)"):
        assert main(["predict", str(saved), str(table), "--out", str(out), "--quiet"]) == 0
    assert [r["id"] for r in read(out)] == ["q-17", "007", "x 3"]
    assert read(tmp_path / "pred.summary.csv")[0]["n_segments"] == "3"
    assert main(["predict", str(saved), str(table), "--out", str(out), "--quiet", "--empty", "error"]) == 2
    assert "new.csv:3: empty text cell" in capsys.readouterr().err


@pytest.mark.parametrize("content,what", [("id,text\n", "no rows (a header only)"), ("", "empty file (0 bytes)")])
def test_a_table_with_no_rows_is_reported(saved, tmp_path, capsys, content, what):
    table = tmp_path / "new.csv"
    table.write_text(content, encoding="utf-8")
    assert main(["predict", str(saved), str(table), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {table}: {what}") and err.count("\n") == 1


def per_row_ngrams(pipeline, X, predicted, n_top):
    """The explanation as it was computed before: one row at a time (the reference for the vectorised one)."""
    from experiments.stance.explain import class_weights, feature_names

    classes, W = class_weights(pipeline)
    names, index = feature_names(pipeline), {c: k for k, c in enumerate(classes)}
    features, out = pipeline[:-1].transform(X).tocsr(), []
    for i, label in enumerate(predicted):
        row = features.getrow(i)
        contrib = row.data * W[index[label], row.indices]
        order = np.argsort(-contrib, kind="stable")[:n_top]
        out.append(" | ".join(f"{names[row.indices[j]]} ({contrib[j]:.3f})" for j in order if contrib[j] > 0))
    return out


@pytest.mark.parametrize("n_top", [1, 3, 10])
def test_the_vectorised_explanation_equals_the_row_by_row_one(saved, n_top):
    from experiments.stance.explain import prediction_ngrams
    from features.tfidf.vectorize import vectorizer_input

    model, card = modelfile.load(saved)
    texts = [line for line in (SEEDS / f"{DOC_003}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    X = vectorizer_input(texts, modelfile.text_settings(card))
    labels = model.predict(X)
    expected = per_row_ngrams(model, X, labels, n_top)
    assert prediction_ngrams(model, model[:-1].transform(X), labels, n_top) == expected
    assert n_top == 1 or any(" | " in e for e in expected)  # rows with several n-grams are compared too


def test_a_words_only_model_prepares_no_characters(saved, monkeypatch):
    from features.tfidf import vectorize

    model, card = modelfile.load(saved)
    chars = card["features"]["chars"]
    assert vectorize.columns_read(model[0]) == [vectorize.WORD_COLUMN] + [vectorize.CHAR_COLUMN] * chars
    if chars:  # a words-and-characters model: make a words-only one from the same card
        model, card = train_words_only(card)
    monkeypatch.setattr(vectorize, "prepare_chars", lambda *a: pytest.fail("characters prepared"))
    labels, proba, ngrams = predict_chunk(model, card, ["Aucune arme nucléaire réelle n'est utilisée."])
    assert labels[0] in card["labels"] and abs(proba.sum() - 1) < 1e-9 and ngrams[0]


def train_words_only(card):
    """A words-only pipeline fit on the seed sentences with the card's text preparation."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from features.tfidf.vectorize import FeatureSettings, make_vectorizer, vectorizer_input

    rows = list(csv.DictReader(open(SEEDS / "annotations.csv", encoding="utf-8")))
    texts = {s.id: s.text for s in segments_of_seeds()}
    X = vectorizer_input([texts[r["id"]] for r in rows], modelfile.text_settings(card))
    model = Pipeline([("tfidf", make_vectorizer(FeatureSettings(words=True, chars=False))),
                      ("clf", LogisticRegression(max_iter=1000))]).fit(X, [r["label"] for r in rows])
    return model, {**card, "probability": {"method": "predict_proba"}}


def segments_of_seeds():
    from features.text.segments import iter_folder_segments

    return list(iter_folder_segments(SEEDS, "sentence"))


def test_predict_summary_goes_beside_out_or_to_stdout_never_stderr(saved, tmp_path, capsys):
    out = tmp_path / "pred.csv"
    assert main(["predict", str(saved), str(SEEDS), "--out", str(out), "--summary"]) == 0
    captured = capsys.readouterr()
    summary = list(csv.DictReader(io.StringIO(captured.out)))  # --out and --summary: predictions in the file
    assert {r["article"] for r in summary} == {DOC_000, DOC_003} and len(read(out)) == 35
    assert sum(int(r["n_segments"]) for r in summary) == 35
    assert not (tmp_path / "pred.summary.csv").exists() and "share_" not in captured.err
    assert main(["predict", str(saved), str(SEEDS), "--out", str(out), "--summary", str(tmp_path / "s.csv"),
                 "--quiet"]) == 0
    assert read(tmp_path / "s.csv") == summary and capsys.readouterr() == ("", "")


@pytest.mark.parametrize("n_top", [1, 2, 5])
def test_the_explanation_keeps_the_first_of_tied_ngrams_as_a_row_by_row_sort(n_top):
    from scipy import sparse

    from experiments.stance.explain import prediction_ngrams

    rng = np.random.default_rng(2029)
    features = sparse.random(60, 40, density=0.3, format="csr", random_state=rng,
                             data_rvs=lambda k: rng.integers(1, 3, k).astype(float))  # values 1 or 2: many ties
    W = rng.integers(-2, 3, (3, 40)).astype(float)  # small integer weights: equal contributions in a row
    names = np.asarray([f"w{j}" for j in range(40)], dtype=object)
    predicted = rng.choice(["a", "b", "c"], 60)
    got = prediction_ngrams(None, features, predicted, n_top, (np.array(["a", "b", "c"]), W, names))
    expected = []
    for i, label in enumerate(predicted):
        row = features.getrow(i)
        contrib = row.data * W["abc".index(label), row.indices]
        order = [j for j in np.argsort(-contrib, kind="stable") if contrib[j] > 0][:n_top]
        expected.append(" | ".join(f"{names[row.indices[j]]} ({contrib[j]:.3f})" for j in order))
    assert got == expected and sum(" | " in e for e in expected) >= 10 * (n_top > 1)
