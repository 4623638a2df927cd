"""More cases of the catalogue (tests/catalogue.py): every command, on the seeds, grouped by what is wrong.

Each list below is built from the seed articles, the seed annotations and the committed seed model, so
that every case runs one real command. `more_cases(catalogue)` returns them all; the catalogue module
passes itself in (it defines `Case` and the seed files) so that this module has no import cycle with it.
"""
from __future__ import annotations

import csv
import io
import json


def csv_bytes(rows, encoding="utf-8", delimiter=",") -> bytes:
    """Rows written as CSV (quoted where needed), encoded."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode(encoding)


def config_cases(c) -> list:
    """Bad values given with --set: each one names the key and why, before any work."""
    wrong = [
        ("experiment.n_jobs=0", "below the minimum"), ("experiment.random_state=-1", "below the minimum"),
        ("experiment.random_state=4294967296", "above the maximum"), ('experiment.name=""', "name"),
        ("experiment.n_jobs=1.5", "expected int"), ('corpus.format="excel"', "format"),
        ('corpus.language="de"', "language"), ('corpus.unannotated="keep"', "unannotated"),
        ('corpus.quoting="all"', "quoting"), ('corpus.on_invalid="ignore"', "on_invalid"),
        ("corpus.header=1", "expected bool"), ('corpus.text_columns="text,title"', "a list is written in TOML"),
        ('corpus.annotations="nope.csv"', "not found"), ('corpus.test_path="nope.csv"', "not found"),
        ('segments.unit="word"', "unit"), ("preprocess.min_token_length=0", "below the minimum"),
        ('preprocess.lowercase="yes"', "expected bool"), ("features.min_df=0", "below the minimum"),
        ("features.max_df=-0.1", "below the minimum"), ("features.word_ngram_range=[1]", "word_ngram_range"),
        ("features.word_ngram_range=[0, 2]", "below the minimum"), ("features.max_features=-1", "below the minimum"),
        ('features.engine="spacy"', "engine"), ("features.words=false", "words"),
        ('topics.method="lda"', "method"), ('topics.representation="bert"', "representation"),
        ("topics.n_clusters=1", "below the minimum"), ('topics.k_rule="elbow"', "k_rule"),
        ("topics.k_min=1", "below the minimum"), ("topics.n_init=0", "below the minimum"),
        ('topics.init="kmeans"', "init"), ('topics.linkage="ward2"', "linkage"),
        ('topics.metric="manhattan"', "metric"), ('topics.nmf_beta_loss="itakura"', "nmf_beta_loss"),
        ('topics.map_method="umap"', "map_method"), ("topics.tsne_perplexity=0.5", "below the minimum"),
        ("topics.n_top_terms=0", "below the minimum"), ('topics.silhouette_metric="l1"', "silhouette_metric"),
        ("topics.nonsense=1", "unknown key"), ("topic.n_clusters=4", "unknown"),
        ("topics.n_clusters", "section.key=value"), ("topics.n_clusters=[4", "--set topics.n_clusters"),
    ]
    cases = [c.Case("config", f"--set {text}", [*c.RUN_TOPICS, "--set", text], c.PROJECT, expect=expect)
             for text, expect in wrong]
    stance = [
        ('stance.models=["bert"]', "models"), ('stance.baselines=["oracle"]', "baselines"),
        ('stance.final_model="xgboost"', "final_model"), ("stance.confidence=0.4", "below the minimum"),
        ("stance.confidence=1", "above the maximum"), ("stance.bootstrap_resamples=-5", "below the minimum"),
        ("stance.learning_curve_sizes=[0.0, 1.0]", "below the minimum"), ('stance.probability="platt"', "probability"),
        ('stance.labels=["a"]', "labels"),
        ('evaluation.protocols=["loo"]', "protocols"), ("evaluation.n_splits=1", "below the minimum"),
        ("evaluation.n_repeats=0", "below the minimum"), ('evaluation.small_class="ignore"', "small_class"),
        ("evaluation.inner_splits=1", "below the minimum"), ("evaluation.search=2", "expected bool"),
        ('logreg.class_weight="auto"', "class_weight"), ("logreg.max_iter=0", "below the minimum"),
    ]
    cases += [c.Case("config", f"--set {text}", [*c.RUN_STANCE, "--set", text], c.PROJECT, expect=expect)
              for text, expect in stance]
    bom = c.TOPICS.encode("utf-8")
    return cases + [
        c.Case("config", "config with a UTF-8 BOM (Windows Notepad)", ["run", "bom.toml", "--quiet"],
               {**c.PROJECT, "bom.toml": b"\xef\xbb\xbf" + bom.replace(b"n_clusters = 4", b"n_clusters = 1")},
               expect="below the minimum", note="the BOM is accepted: the config is read and checked"),
        c.Case("config", "config that is UTF-16", ["run", "u.toml"], {"u.toml": c.TOPICS.encode("utf-16")},
               expect="not UTF-8"),
        c.Case("config", "config without [experiment] name", ["run", "n.toml"],
               {**c.PROJECT, "n.toml": c.TOPICS.replace('name = "seeds_topics"\n', "")}, expect="name"),
        c.Case("config", "a section that is a value", ["run", "s.toml"],
               {**c.PROJECT, "s.toml": c.TOPICS + "preprocess = 3\n"}, expect="preprocess"),
        c.Case("config", "config that is a folder", ["run", "corpus"], c.PROJECT, expect="corpus"),
        c.Case("config", "empty config file", ["run", "e.toml"], {"e.toml": ""}, expect="e.toml"),
    ]


def segments_cases(c) -> list:
    """`stancelab segments FOLDER`: what the folder holds, its encodings, its links."""
    seed = c.ARTICLES["corpus/003_83fc1e9fc7e21474.txt"]
    windows = "Il a évoqué les « préparatifs » – rien de plus.".encode("cp1252")
    text = seed.decode("utf-8")
    return [
        c.Case("segments", "a UTF-8 file with one cp1252 line", c.SEGMENTS,
               {"corpus/a.txt": seed + b"\n\n" + windows + b"\n"}, status=0, expect="1 line(s) not UTF-8",
               note="warns once; that line read as cp1252, every other line as UTF-8 (accents intact)"),
        c.Case("segments", "a cp1252 file of many lines", c.SEGMENTS,
               {"corpus/a.txt": text.replace("’", "'").replace("“", '"').replace("”", '"').encode("cp1252")},
               status=0, expect="read as cp1252 (Windows)"),
        c.Case("segments", "UTF-16LE file without BOM", c.SEGMENTS, {"corpus/a.txt": text.encode("utf-16-le")},
               expect="UTF-16LE text without BOM"),
        c.Case("segments", "UTF-16BE file without BOM", c.SEGMENTS, {"corpus/a.txt": text.encode("utf-16-be")},
               expect="UTF-16BE text without BOM"),
        c.Case("segments", "UTF-16 file among good ones", c.SEGMENTS,
               {**c.ARTICLES, "corpus/z.txt": text.encode("utf-16")}, expect="z.txt:1: UTF-16"),
        c.Case("segments", "a .txt link to a missing file", c.SEGMENTS,
               {**c.ARTICLES, "corpus/gone.txt": c.Link("../nowhere.txt")}, status=0,
               expect="symbolic link(s) to no file", note="warns naming the link; the other files are read"),
        c.Case("segments", "a .txt link loop", c.SEGMENTS,
               {**c.ARTICLES, "corpus/loop.txt": c.Link("loop.txt")}, status=0, expect="loop.txt"),
        c.Case("segments", "a file given instead of a folder", ["segments", "corpus/003_83fc1e9fc7e21474.txt"],
               c.ARTICLES, expect="a file, not a folder"),
        c.Case("segments", "a NUL byte far into a file", c.SEGMENTS,
               {"corpus/a.txt": b"\x00" + seed}, expect="binary file"),
        c.Case("segments", "a gzip file named .txt", c.SEGMENTS,
               {"corpus/a.txt": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\x00" * 20}, expect="binary file"),
        c.Case("segments", "paragraph unit", [*c.SEGMENTS, "--unit", "paragraph"],
               {"corpus/a.txt": seed + b"\n\n" + windows}, status=0, expect="not UTF-8"),
        c.Case("segments", "one article on a single 3 MB line", c.SEGMENTS,
               {"corpus/one.txt": "LE MONDE\n\n" + text.replace("\n", " ") * 400}, status=0,
               note="read in pieces of at most 1 MB cut at sentence ends: bounded memory (before: quadratic time)"),
    ]


def table_cases(c) -> list:
    """Table corpora ([corpus] format = "table") read by `run`."""
    rows = [("id", "text"), *[(f"r{i}", t) for i, t in enumerate(c.SEED_SENTENCES[:12])]]

    def run(table, name="t.csv", extra=""):
        config = c.TABLE.replace('path = "t.csv"', f'path = "{name}"{extra}')
        return {name: table, "table.toml": config}

    good = csv_bytes(rows)
    mixed = good + "r99,Le ministre a parlé de dissuasion.\n".encode("cp1252")
    jsonl = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in rows[1:]).encode()
    cmd = ["run", "table.toml", "--quiet"]
    return [
        c.Case("tables", "a column named twice (text,text)", cmd, run(b"text,text\n" + good.split(b"\n", 1)[1]),
               expect="column 'text' appears 2 times"),
        c.Case("tables", "a column named twice (id,label,rationale,label)", cmd,
               run(b"id,label,rationale,label\nr1,none,x,deterrence\n", extra='\ntext_columns = ["rationale"]'),
               expect="column 'label' appears 2 times"),
        c.Case("tables", "header only", cmd, run(b"id,text\n"), expect="a header only"),
        c.Case("tables", "0-byte table corpus", cmd, run(b""), expect="no text segments"),
        c.Case("tables", "a JSONL key given twice", cmd, run(b'{"text": "a", "text": "b"}\n', "t.jsonl"),
               expect="appears twice"),
        c.Case("tables", "JSONL line that is not JSON", cmd, run(jsonl + b"{nope\n", "t.jsonl"),
               expect="not valid JSON"),
        c.Case("tables", "JSONL line that is a list", cmd, run(jsonl + b'["a"]\n', "t.jsonl"),
               expect="expected a JSON object"),
        c.Case("tables", "a row with too many cells", cmd, run(good + b"r100,a,b\n"), expect="3 cells but 2 columns"),
        c.Case("tables", "an unclosed quote", cmd, run(good + b'r100,"never closed\n'), expect="t.csv"),
        c.Case("tables", "a cp1252 line refused by encoding = utf-8", cmd,
               run(mixed, extra='\nencoding = "utf-8"'), expect="not UTF-8"),
        c.Case("tables", "an unknown encoding", cmd, run(good, extra='\nencoding = "klingon"'),
               expect="unknown encoding"),
        c.Case("tables", "a table that is UTF-16", cmd, run("\n".join(",".join(r) for r in rows[:3]).encode("utf-16")),
               expect="UTF-16"),
        c.Case("tables", "a table that is UTF-16LE without BOM", cmd,
               run("\n".join(",".join(r) for r in rows[:3]).encode("utf-16-le")), expect="UTF-16LE"),
        c.Case("tables", "a binary table", cmd, run(b"PK\x03\x04\x14\x00\x06\x00" + b"x" * 64), expect="binary"),
        c.Case("tables", "an id column that does not exist", cmd, run(good, extra='\nid_columns = ["key"]'),
               expect="no column 'key'"),
        c.Case("tables", "a TSV read with commas", cmd,
               run(csv_bytes([("id", "text"), ("a", "b,c")], delimiter="\t"), "t.tsv", '\ndelimiter = ","'),
               expect="cells but"),
        c.Case("tables", "a folder given as a table", cmd, {**run(good), "t.csv": None, "corpus/x.txt": "x"},
               expect="t.csv"),
        c.Case("tables", "a truncated tar.gz (folder_per_label)", cmd,
               {"c.tar.gz": c.TARGZ[: len(c.TARGZ) // 2], "table.toml": c.TOPICS.replace(
                   'path = "corpus"', 'format = "folder_per_label"\npath = "c.tar.gz"')},
               expect="c.tar.gz: not a readable tar archive"),
        c.Case("tables", "a fake tar.gz (folder_per_label)", cmd,
               {"c.tar.gz": b"this is not an archive\n", "table.toml": c.TOPICS.replace(
                   'path = "corpus"', 'format = "folder_per_label"\npath = "c.tar.gz"')},
               expect="c.tar.gz: not a readable tar archive"),
        c.Case("tables", "a truncated tar.gz (newsgroups)", cmd,
               {"n.tar.gz": c.TARGZ[: len(c.TARGZ) // 2], "table.toml": c.TOPICS.replace(
                   'path = "corpus"', 'format = "newsgroups"\npath = "n.tar.gz"')},
               expect="n.tar.gz: not a readable 20 Newsgroups tarball"),
        c.Case("tables", "a fake tar.gz (newsgroups)", cmd,
               {"n.tar.gz": b"<html>404</html>\n", "table.toml": c.TOPICS.replace(
                   'path = "corpus"', 'format = "newsgroups"\npath = "n.tar.gz"')},
               expect="n.tar.gz: not a readable 20 Newsgroups tarball"),
    ]


def annotation_cases(c) -> list:
    """The annotation file of a stance run."""
    header, *body = c.ANNOTATIONS.splitlines()
    return [
        c.Case("annotations", "label column given twice", c.RUN_STANCE,
               {**c.PROJECT, "ann.csv": "\n".join([header + ",label"] + [r + ",none" for r in body]) + "\n"},
               expect="column 'label' appears 2 times"),
        c.Case("annotations", "annotation file that is UTF-16", c.RUN_STANCE,
               {**c.PROJECT, "ann.csv": c.ANNOTATIONS.encode("utf-16")}, expect="ann.csv:1: UTF-16"),
        c.Case("annotations", "annotation file that is binary", c.RUN_STANCE,
               {**c.PROJECT, "ann.csv": b"PK\x03\x04\x14\x00\x06\x00" + b"x" * 64}, expect="binary"),
        c.Case("annotations", "annotation file of 0 bytes", c.RUN_STANCE, {**c.PROJECT, "ann.csv": ""},
               expect="empty file"),
        c.Case("annotations", "empty id cell", c.RUN_STANCE,
               {**c.PROJECT, "ann.csv": c.annotations_with(",none,x", drop_first=0)}, expect="empty id"),
        c.Case("annotations", "label in capitals", c.RUN_STANCE,
               {**c.PROJECT, "ann.csv": c.annotations_with(drop_first=1) + f"{c.FIRST_ID},Deterrence,x\n"},
               expect="unknown label 'Deterrence'"),
    ]


def predict_cases(c) -> list:
    """`stancelab predict MODEL INPUT...` with the committed seed model."""
    model = {"m/model.skops": c.MODEL_BYTES, "m/model.json": c.CARD_BYTES}
    rows = [("id", "text"), *[(f"r{i}", t) for i, t in enumerate(c.SEED_SENTENCES[:3])]]
    cmd = ["predict", "m/model.skops", "new.csv", "--quiet", "--out", "pred.csv"]
    card = json.loads(c.CARD_BYTES)
    return [
        c.Case("predict", "empty and blank text cells", cmd,
               {**model, "new.csv": csv_bytes(rows + [("e1", ""), ("e2", "   ")])}, status=0,
               expect="2 row(s) with empty text skipped", note="warns; those rows are not labelled nor counted"),
        c.Case("predict", "empty text cells with --empty error", [*cmd, "--empty", "error"],
               {**model, "new.csv": csv_bytes(rows + [("e1", "")])}, expect="new.csv:5: empty text cell"),
        c.Case("predict", "header-only table", cmd, {**model, "new.csv": b"id,text\n"}, expect="a header only"),
        c.Case("predict", "0-byte table to label", cmd, {**model, "new.csv": b""}, expect="empty file (0 bytes)"),
        c.Case("predict", "only blank text cells", cmd, {**model, "new.csv": b"id,text\na, \n"},
               expect="no text to label"),
        c.Case("predict", "a table without a text column", cmd, {**model, "new.csv": b"id,body\n1,x\n"},
               expect="no 'text' column"),
        c.Case("predict", "text column named twice", cmd, {**model, "new.csv": b"text,text\na,b\n"},
               expect="column 'text' appears 2 times"),
        c.Case("predict", "a table with one cp1252 line", cmd,
               {**model, "new.csv": csv_bytes(rows) + "r9,Le ministre a évoqué la dissuasion.\n".encode("cp1252")},
               status=0, expect="1 line(s) not UTF-8"),
        c.Case("predict", "a UTF-16 table", cmd, {**model, "new.csv": csv_bytes(rows, "utf-16")}, expect="UTF-16"),
        c.Case("predict", "a JSONL line that is not JSON",
               ["predict", "m/model.skops", "new.jsonl", "--quiet", "--out", "pred.csv"],
               {**model, "new.jsonl": b'{"text": "a"}\n{nope\n'}, expect="new.jsonl:2: not valid JSON"),
        c.Case("predict", "an input that does not exist", ["predict", "m/model.skops", "nope.csv", "--out", "pred.csv"],
               model, expect="no such file"),
        c.Case("predict", "an input of unknown type", ["predict", "m/model.skops", "new.docx", "--out", "pred.csv"],
               {**model, "new.docx": b"PK\x03\x04"}, expect="unknown input type"),
        c.Case("predict", "an empty folder of articles", ["predict", "m/model.skops", "corpus", "--out", "pred.csv"],
               {**model, "corpus/.keep": ""}, expect="no article files"),
        c.Case("predict", "a binary article", ["predict", "m/model.skops", "corpus", "--out", "pred.csv"],
               {**model, "corpus/a.txt": b"\x89PNG\r\n\x1a\n\x00\x00"}, expect="binary file"),
        c.Case("predict", "a model that does not exist", ["predict", "nope.skops", "new.csv", "--out", "pred.csv"],
               {"new.csv": csv_bytes(rows)}, expect="nope.skops"),
        c.Case("predict", "a model without its card", cmd, {"m/model.skops": c.MODEL_BYTES, "new.csv": csv_bytes(rows)},
               expect="model.json"),
        c.Case("predict", "a model file that is not skops", cmd,
               {"m/model.skops": b"not a model", "m/model.json": c.CARD_BYTES, "new.csv": csv_bytes(rows)},
               expect="m/model.skops"),
        c.Case("predict", "a card that is not JSON", cmd,
               {"m/model.skops": c.MODEL_BYTES, "m/model.json": b"{", "new.csv": csv_bytes(rows)}, expect="model.json"),
        c.Case("predict", "a card whose model hash differs", cmd,
               {"m/model.skops": c.MODEL_BYTES, "new.csv": csv_bytes(rows),
                "m/model.json": json.dumps({**card, "model_sha256": "0" * 64})}, expect="m/model"),
    ]


def saved_run_cases(c) -> list:
    """`verify`, `report`, `plot` on folders that are not runs."""
    out = []
    for command in ("verify", "report", "plot"):
        out += [
            c.Case("saved runs", f"{command}: a folder that does not exist", [command, "results/nope"], {},
                   expect="results/nope"),
            c.Case("saved runs", f"{command}: a file, not a run folder", [command, "ann.csv"], c.PROJECT,
                   expect="ann.csv"),
            c.Case("saved runs", f"{command}: an empty folder", [command, "corpus"], {"corpus/.keep": ""},
                   expect="corpus"),
        ]
    return out + [
        c.Case("run", ".previous is a file", [*c.RUN_TOPICS, "--results", "res"],
               {**c.PROJECT, "res/.previous": "x"}, expect="res/.previous: a file, not a folder"),
        c.Case("run", "a config that names a table that does not exist", ["run", "table.toml"],
               {"table.toml": c.TABLE}, expect="t.csv"),
    ]


def annotate_cases(c) -> list:
    """`stancelab annotate check | agree | merge | sample | second-pass`."""
    sheet = c.ANNOTATIONS
    header, *body = sheet.splitlines()
    check = lambda *files: ["annotate", "check", *files]  # noqa: E731
    cases = [
        c.Case("annotate", "check: a file that does not exist", check("nope.csv"), {}, expect="nope.csv"),
        c.Case("annotate", "check: a binary file", check("s.csv"), {"s.csv": b"\x89PNG\r\n\x1a\n\x00\x00"},
               expect="s.csv: binary file"),
        c.Case("annotate", "check: a UTF-16 file", check("s.csv"), {"s.csv": sheet.encode("utf-16")},
               expect="s.csv:1: UTF-16"),
        c.Case("annotate", "check: UTF-16LE without BOM", check("s.csv"), {"s.csv": sheet.encode("utf-16-le")},
               expect="s.csv:1: UTF-16LE"),
        c.Case("annotate", "check: a cp1252 sheet", check("s.csv"),
               {"s.csv": (sheet + f"{c.FIRST_ID}x,none,préparatifs\n").encode("cp1252", "replace")},
               expect="s.csv"),
        c.Case("annotate", "check: no id column", check("s.csv"), {"s.csv": sheet.replace("id,", "key,", 1)},
               expect="no 'id' column"),
        c.Case("annotate", "check: label column twice", check("s.csv"),
               {"s.csv": "\n".join([header + ",label"] + [r + ",none" for r in body]) + "\n"},
               expect="column 'label' appears 2 times"),
        c.Case("annotate", "check: no label column", check("s.csv"),
               {"s.csv": "\n".join(ln.split(",")[0] for ln in sheet.splitlines()) + "\n"},
               expect="no 'label' column"),
        c.Case("annotate", "check: an unknown label", check("s.csv"),
               {"s.csv": c.annotations_with(drop_first=1) + f"{c.FIRST_ID},bluff,x\n"}, expect="unknown label"),
        c.Case("annotate", "check: a duplicate id", check("s.csv"),
               {"s.csv": c.annotations_with(f"{c.FIRST_ID},none,x")}, expect="duplicate id"),
        c.Case("annotate", "check: a sheet with no rows", check("s.csv"), {"s.csv": "id,label\n"},
               expect="no rows"),
        c.Case("annotate", "check: an empty id", check("s.csv"), {"s.csv": c.annotations_with(",none,x")},
               expect="empty id"),
    ]
    two = {"a.csv": sheet, "b.csv": sheet}
    cases += [
        c.Case("annotate", "agree: a file that does not exist", ["annotate", "agree", "a.csv", "nope.csv"],
               {"a.csv": sheet}, expect="nope.csv"),
        c.Case("annotate", "agree: two files sharing no id", ["annotate", "agree", "a.csv", "b.csv"],
               {"a.csv": sheet, "b.csv": "id,label\nzzz:0:0,none\n"}, expect="share no id"),
        c.Case("annotate", "agree: an unknown label", ["annotate", "agree", "a.csv", "b.csv"],
               {**two, "b.csv": c.relabel("bluff")}, expect="unknown label"),
        c.Case("annotate", "agree: a UTF-16 file", ["annotate", "agree", "a.csv", "b.csv"],
               {**two, "b.csv": sheet.encode("utf-16")}, expect="b.csv:1: UTF-16"),
        c.Case("annotate", "merge: a file not named as a batch", ["annotate", "merge", "a.csv", "--out", "m.csv"],
               two, expect="a.csv: name a batch label file"),
        c.Case("annotate", "merge: a file that does not exist",
               ["annotate", "merge", "batch1_a.csv", "--out", "m.csv"], {}, expect="batch1_a.csv"),
        c.Case("annotate", "merge: a label column twice", ["annotate", "merge", "batch1_a.csv", "--out", "m.csv"],
               {"batch1_a.csv": "\n".join([header + ",label"] + [r + ",none" for r in body]) + "\n"},
               expect="column 'label' appears 2 times"),
    ]
    sample = ["annotate", "sample", "stance.toml", "--strategy", "random"]
    second = ["annotate", "second-pass", "stance.toml", "ann.csv"]
    return cases + [
        c.Case("annotate", "sample: --n 0", [*sample, "--n", "0"], c.PROJECT, expect="--n 0"),
        c.Case("annotate", "sample: --n larger than the corpus", [*sample, "--n", "9999"], c.PROJECT,
               expect="--n 9999"),
        c.Case("annotate", "sample: a config that does not exist", ["annotate", "sample", "nope.toml",
                                                                  "--strategy", "random", "--n", "3"], {},
               expect="nope.toml"),
        c.Case("annotate", "sample: an exclude file that does not exist", [*sample, "--n", "3", "--exclude",
                                                                          "nope.csv"], c.PROJECT, expect="nope.csv"),
        c.Case("annotate", "sample: a bad --set", [*sample, "--n", "3", "--set", "segments.unit=word"], c.PROJECT,
               expect="--set segments.unit"),
        c.Case("annotate", "second-pass: --fraction 1.5", [*second, "--fraction", "1.5"], c.PROJECT,
               expect="--fraction 1.5"),
        c.Case("annotate", "second-pass: --fraction 0", [*second, "--fraction", "0"], c.PROJECT,
               expect="--fraction 0"),
        c.Case("annotate", "second-pass: --fraction too small for the file", [*second, "--fraction", "0.001"],
               c.PROJECT, expect="--fraction 0.001"),
        c.Case("annotate", "second-pass: a label file of another corpus", [*second[:3], "other.csv"],
               {**c.PROJECT, "other.csv": "id,label\nzzz:0:0,none\n"}, expect="other.csv"),
    ]


def more_cases(catalogue) -> list:
    """Every case of this module, in the order of the page."""
    c = catalogue
    return [*config_cases(c), *segments_cases(c), *table_cases(c), *annotation_cases(c), *predict_cases(c),
            *saved_run_cases(c), *annotate_cases(c)]
