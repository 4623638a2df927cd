"""Cases of the catalogue (tests/catalogue.py) found by a third adversarial audit: JSONL values of the wrong
JSON type, rows wider than their header, the newsgroups format as stance labels, and work settings so large
that a run would take practically forever (each key now has a documented maximum).

`round33_cases(catalogue)` returns them; the catalogue module passes itself in (it defines `Case` and the seed
files), as for tests/catalogue_more.py.
"""
from __future__ import annotations

import io
import json
import tarfile

from tests.catalogue_more import csv_bytes


def newsgroups_tarball(c) -> bytes:
    """A small 20news-bydate.tar.gz of two groups, its messages the seed paragraphs."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for i, text in enumerate(c.SEED_SENTENCES[:24]):
            subset, group = ("train", "test")[i % 2], ("sci.space", "rec.autos")[i // 2 % 2]
            data = f"From: a@b.org\nSubject: {i}\n\n{text}\n".encode("latin-1", "replace")
            info = tarfile.TarInfo(f"20news-bydate-{subset}/{group}/{1000 + i}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def jsonl_cases(c) -> list:
    """A JSONL field read as text, id or group holding another JSON type, or missing from one object."""
    good = "".join(json.dumps({"id": f"r{i}", "text": t}, ensure_ascii=False) + "\n"
                   for i, t in enumerate(c.SEED_SENTENCES[:12]))

    def run(last: str, extra: str = "") -> dict:
        config = c.TABLE.replace('path = "t.csv"', f'path = "t.jsonl"{extra}')
        return {"t.jsonl": good + last + "\n", "table.toml": config}

    cmd = ["run", "table.toml", "--quiet"]
    return [
        c.Case("tables", "JSONL text that is an array", cmd, run('{"id": "x", "text": ["a", "b"]}'),
               expect='t.jsonl:13: "text" is an array', note="before: read as the text \"['a', 'b']\""),
        c.Case("tables", "JSONL text that is a number", cmd, run('{"id": "x", "text": 3}'),
               expect='t.jsonl:13: "text" is a number'),
        c.Case("tables", "JSONL text that is an object", cmd, run('{"id": "x", "text": {"fr": "a"}}'),
               expect='t.jsonl:13: "text" is an object'),
        c.Case("tables", "JSONL text that is null", cmd, run('{"id": "x", "text": null}'),
               expect="t.jsonl:13 empty text", note="null is an empty cell: [corpus] on_invalid decides"),
        c.Case("tables", "JSONL id that is an object", cmd, run('{"id": {"n": 1}, "text": "Un texte."}',
                                                                '\nid_columns = ["id"]'),
               expect='t.jsonl:13: "id" is an object'),
        c.Case("tables", "a JSONL object without the text key", cmd, run('{"id": "x", "body": "Un texte."}'),
               expect="t.jsonl:13: no key 'text' in this object", note="before: internal error (KeyError)"),
    ]


def wide_row_cases(c) -> list:
    """A row of an annotation or label file with more cells than its header (a comma left unquoted)."""
    wide = c.annotations_with(drop_first=1) + f"{c.FIRST_ID},none,menace, mais rien de plus\n"
    return [
        c.Case("annotations", "a row with more cells than the header", c.RUN_STANCE, {**c.PROJECT, "ann.csv": wide},
               expect="ann.csv:36: 4 cells but 3 columns", note="before: the cells past the header were dropped"),
        c.Case("annotate", "check: a row with more cells than the header", ["annotate", "check", "ann.csv"],
               {"ann.csv": wide}, expect="ann.csv:36: 4 cells but 3 columns"),
        c.Case("annotations", "a row with a trailing empty cell", ["check", "stance.toml"],
               {**c.PROJECT, "ann.csv": c.annotations_with(drop_first=1) + f"{c.FIRST_ID},none,x,\n"}, status=0,
               note="an empty cell past the header holds nothing: accepted"),
    ]


def newsgroups_cases(c) -> list:
    """[corpus] format = "newsgroups" in a stance config: the groups are the labels."""
    tarball = newsgroups_tarball(c)
    config = ('[experiment]\nname = "ng"\n[corpus]\nformat = "newsgroups"\npath = "ng.tar.gz"\nlanguage = "en"\n'
              'categories = ["rec.autos", "sci.space"]\n[stance]\nlabels = ["rec.autos", "sci.space"]\n'
              '[evaluation]\nprotocols = ["repeated_cv", "fixed_split"]\n')
    return [
        c.Case("config", "newsgroups stance: the groups as labels", ["check", "ng.toml"],
               {"ng.tar.gz": tarball, "ng.toml": config}, status=0,
               note="before: refused by check and run alike ('annotations is empty'); the run now fits the groups"),
        c.Case("config", "newsgroups stance: a group outside the labels", ["check", "ng.toml"],
               {"ng.tar.gz": tarball, "ng.toml": config.replace('"rec.autos", "sci.space"]\n[stance]',
                                                                '"rec.autos", "sci.med"]\n[stance]')},
               expect="ng.toml: [corpus] categories: the newsgroups are the stance labels"),
        c.Case("config", "newsgroups stance: every group read", ["run", "ng.toml", "--quiet"],
               {"ng.tar.gz": tarball, "ng.toml": config.replace('categories = ["rec.autos", "sci.space"]\n', "")},
               expect="[] reads all 20 groups"),
    ]


def work_cases(c) -> list:
    """Work settings that would run for days: each key has a maximum (docs/CONFIG.md), named before any work."""
    stance = [("evaluation.n_repeats=10000000", "above the maximum 100"),
              ("evaluation.n_splits=1000000", "above the maximum 100"),
              ("evaluation.inner_splits=100000", "above the maximum 20"),
              ("stance.bootstrap_resamples=1000000000000", "above the maximum 100000"),
              ("logreg.max_iter=1000000000", "above the maximum 100000"),
              ("stance.n_top_ngrams=1000000000", "above the maximum 100")]
    topics = [("topics.n_init=1000000000", "above the maximum 1000"),
              ("topics.n_seeds=1000000000", "above the maximum 1000"),
              ("topics.k_max=1000000000", "above the maximum 1000"),
              ("topics.n_top_terms=1000000000", "above the maximum 100"),
              ("features.word_ngram_range=[1, 100000]", "above the maximum 10")]
    cases = [c.Case("config", f"--set {text}", [*c.RUN_STANCE, "--set", text], c.PROJECT, expect=expect)
             for text, expect in stance]
    sizes = ", ".join(f"{0.01 + i / 4000:.5f}" for i in range(3000))
    grid = ", ".join(str(1.0 + i) for i in range(1000))
    long_lists = {"[stance] learning_curve_sizes of 3,000 values": f"learning_curve_sizes = [{sizes}]\n",
                  "[logreg] C_grid of 1,000 values": f"[logreg]\nC_grid = [{grid}]\n"}
    cases += [c.Case("config", name, c.RUN_STANCE, {**c.PROJECT, "stance.toml": c.STANCE + text},
                     expect="values, more than the maximum") for name, text in long_lists.items()]
    product = [*c.RUN_STANCE, "--set", "evaluation.n_repeats=100", "--set", "evaluation.n_splits=100", "--set",
               "evaluation.inner_splits=20"]
    cases.append(c.Case("config", "work keys each within its maximum, their product not", product, c.PROJECT,
                        expect="model fits (folds x models", note="before: days of work"))
    cases.append(c.Case("config", "n_init and n_seeds at their maximum", [*c.RUN_TOPICS, "--set", "topics.n_init=1000",
                        "--set", "topics.n_seeds=1000"], c.PROJECT, expect="clustering starts (n_seeds x n_init"))
    return cases + [c.Case("config", f"--set {text}", [*c.RUN_TOPICS, "--set", text], c.PROJECT, expect=expect)
                    for text, expect in topics]


def key_cases(c) -> list:
    """Config values a check let through or misnamed: each is now refused before any work, naming its key."""
    stance = [("evaluation.group_column=country", "stance.toml: [evaluation] group_column: column 'country'"),
              ("stance.per_group_column=country", "stance.toml: [stance] per_group_column: column 'country'"),
              ('evaluation.test_documents=["nope"]', "[evaluation] test_documents: read by the fixed_split")]
    cases = [c.Case("config", f"--set {text}", [*c.RUN_STANCE, "--set", text], c.PROJECT,
                    expect=expect) for text, expect in stance]
    topics = [('corpus.keep_values=["a"]', "[corpus] keep_values: read only for format"),
              ('corpus.text_columns=["body"]', "[corpus] text_columns: read only for format"),
              ("topics.silhouette_sample_size=1", "silhouette_sample_size: 1 segments are too few")]
    cases += [c.Case("config", f"--set {text}", [*c.RUN_TOPICS, "--set", text], c.PROJECT, expect=expect)
              for text, expect in topics]
    table = c.TABLE.replace('path = "t.csv"', 'path = "t.csv"\nkeep_values = ["a"]')
    fixed = [*c.RUN_STANCE, "--set", 'evaluation.protocols=["fixed_split"]', "--set",
             'evaluation.test_documents=["nope"]']
    return cases + [
        c.Case("config", "test_documents naming no document", fixed, c.PROJECT,
               expect="stance.toml: [evaluation] test_documents 'nope' match no", note="before: named no file"),
        c.Case("config", "[corpus] path = \"\"", ["run", "e.toml"],
               {**c.PROJECT, "e.toml": c.TOPICS.replace('path = "corpus"', 'path = ""')},
               expect="[corpus] path: empty", note="before: the config's own folder was read as the corpus"),
        c.Case("tables", "blank id cells with id_columns", ["run", "table.toml"],
               {"t.csv": "id,text\n,Un texte.\n,Un autre texte.\n", "table.toml": c.TABLE.replace(
                   'path = "t.csv"', 'path = "t.csv"\nid_columns = ["id"]')}, expect="t.csv:2 empty id",
               note="before: the first blank id accepted, the others refused as duplicates of it"),
        c.Case("config", "keep_values without filter_column", ["run", "table.toml"],
               {"t.csv": "id,text\n1,Un texte.\n", "table.toml": table}, expect="filter_column: empty"),
        c.Case("config", "a config name holding a line break", ["run", "to\npics.toml"], c.PROJECT,
               expect="to\\npics.toml: config file not found", note="before: the line was cut at the break"),
    ]


def sweep_cases(c) -> list:
    """`run --sweep` and several configs in one command: refused before any run when the runs collide."""
    sweep = [*c.RUN_TOPICS, "--sweep"]
    eleven = [*sweep, "topics.n_clusters=" + ",".join(map(str, range(2, 13))),
              "--sweep", "topics.n_init=" + ",".join(map(str, range(1, 12)))]
    return [
        c.Case("run", "two sweeps of 11 values (121 runs)", eleven, c.PROJECT,
               expect="121 runs (11 x 11 values), more than 100",
               note="before: ran one run after the other (4,998 values: for hours)"),
        c.Case("run", "--sweep with a value twice", [*sweep, "topics.n_clusters=2,2"], c.PROJECT,
               expect="value 2 given twice"),
        c.Case("run", "--sweep and --set of one key", [*sweep, "topics.n_clusters=2,3", "--set", "topics.n_clusters=3"],
               c.PROJECT, expect="given with --set too"),
        c.Case("run", "--sweep of an unknown key", [*sweep, "topics.nclusters=2,3"], c.PROJECT,
               expect="--sweep: unknown key [topics] nclusters", note="before: named --set"),
        c.Case("run", "two configs naming one run", ["run", "topics.toml", "t2.toml", "--quiet"],
               {**c.PROJECT, "t2.toml": c.TOPICS}, expect="as topics.toml does before it",
               note="before: the second run replaced the first"),
    ]


def output_cases(c) -> list:
    """Writes that reached outside the run folder or over a file that is not ours; paths that are not files."""
    saved = {**c.SAVED, **c.ARTICLES}
    model = {"m/model.skops": c.MODEL_BYTES, "m/model.json": c.CARD_BYTES, "new.csv": c.NEW}
    return [
        c.Case("run", ".previous is a link to the corpus", [*c.RUN_TOPICS, "--results", "res"],
               {**c.PROJECT, "res/.previous": c.Link("../corpus")}, expect="res/.previous: a symbolic link",
               note="before: the replaced run was moved into corpus/"),
        c.Case("saved run", "plot: figures/ a link to the corpus", ["plot", "run"],
               {**saved, "run/figures": c.Link("../corpus")}, expect="run/figures: a symbolic link",
               note="before: 14 figure files written into corpus/"),
        c.Case("saved run", "plot: figures is a file", ["plot", "run"], {**c.SAVED, "run/figures": "notes"},
               expect="a file is in the way", note="before: 'file exists'"),
        c.Case("outputs", "annotate merge --out over an article",
               ["annotate", "merge", "batch1_a.csv", "batch1_b.csv", "--out", "notes.txt"],
               {**c.BATCHES, "notes.txt": "LE MONDE\n\nMes notes.\n"}, expect="no label file or sheet",
               note="before: notes.txt replaced by the merged labels"),
        c.Case("outputs", "annotate merge --out below a file", ["annotate", "merge", "batch1_a.csv", "--out",
               "batch1_a.csv/m.csv"], c.BATCHES, expect="batch1_a.csv/m.csv: a file is in the way"),
        c.Case("predict", "a model that is a named pipe", ["predict", "m/model.skops", "new.csv", "--out", "p.csv"],
               {**model, "m/model.skops": c.FIFO}, expect="a pipe or device", note="before: 'model file not found'"),
        c.Case("predict", "an input that is a named pipe", ["predict", "m/model.skops", "in.csv", "--out", "p.csv"],
               {**model, "in.csv": c.FIFO}, expect="in.csv: a pipe or device"),
        c.Case("predict", "one input given twice", ["predict", "m/model.skops", "new.csv", "./new.csv", "--out", "o"],
               model, expect="given twice as an input", note="before: every row labelled and counted twice"),
        c.Case("model card", "card labels edited to 100,000 names", c.PREDICT,
               c.model_with(labels=[f"l{i}" for i in range(100_000)]), expect="and 99995 more",
               note="before: one line of 700 kB"),
        c.Case("segments", "articles in a sub-folder", c.SEGMENTS, {**c.ARTICLES, "corpus/2023/a.txt": "Un texte."},
               status=0, expect="article files in sub-folders are not read", note="before: skipped silently"),
        c.Case("corpus", "a corpus that gives 2 distinct rows for 4 clusters", [*c.RUN_TOPICS, "--set",
                                                                                "features.max_features=1"],
               c.PROJECT, status=0, expect="Number of distinct clusters",
               note="one warning (before: 35 lines, one per seed and k)"),
    ]


def annotate_and_section_cases(c) -> list:
    """annotate and segments options that named no file or the wrong cause; sections checked only at run time."""
    sample = ["annotate", "sample", "stance.toml", "--n", "3"]
    select = c.TOPICS + '[selection]\ncandidates = ["topics.n_clusters"]\n'
    return [
        c.Case("annotate", "sample: uncertainty with no label file", [*sample, "--strategy", "uncertainty"], c.PROJECT,
               expect="--exclude: uncertainty sampling learns from", note="before: named neither option nor file"),
        c.Case("annotate", "sample: an unknown sheet column", [*sample, "--strategy", "random"],
               {**c.PROJECT, "stance.toml": c.STANCE + '[annotate]\nsheet_columns = ["country"]\n'},
               expect="stance.toml: [annotate] sheet_columns: no column 'country'"),
        c.Case("annotate", "sample: --exclude a folder", [*sample, "--strategy", "random", "--exclude", "corpus"],
               c.PROJECT, expect="corpus: a folder, not a file", note="before: 'file not found'"),
        c.Case("annotate", "agree: one file twice", ["annotate", "agree", "ann.csv", "ann.csv"], c.PROJECT,
               expect="the same file as ann.csv", note="before: agreement 1.0, exit 0"),
        c.Case("segments", "--set without --config", [*c.SEGMENTS, "--set", "segments.unit=paragraph"], c.ARTICLES,
               expect="--set segments.unit=paragraph: changes a config", note="before: ignored"),
        c.Case("config", "[selection] candidate without a value", ["check", "s.toml"], {**c.PROJECT, "s.toml": select},
               expect="[selection] candidates: 'topics.n_clusters'", note="before: accepted by check, refused by "
                                                                          "the run naming --set"),
        c.Case("config", "[selection] candidate of the wrong type", ["check", "s.toml"],
               {**c.PROJECT, "s.toml": select.replace('n_clusters"]', 'n_clusters=x"]')}, expect="expected int"),
        c.Case("config", "[benchmark] without [topics]", ["check", "stance.toml"],
               {**c.PROJECT, "stance.toml": c.STANCE + "[benchmark]\nv_measure = 0.4\n"},
               expect="[benchmark] is printed beside the topics", note="before: ignored"),
    ]


def special_file_cases(c) -> list:
    """Pipes, devices and names that collide: each named for what it is, before anything is read from it."""
    seed = c.ARTICLES["corpus/003_83fc1e9fc7e21474.txt"]
    split = ('[experiment]\nname = "tab"\n[corpus]\nformat = "table"\npath = "t.csv"\nlabel_column = "label"\n'
             'split_column = "split"\n[stance]\nmodels = ["logreg"]\n[evaluation]\nprotocols = ["fixed_split"]\n')
    labels = ["none", "deterrence", "escalation", "reassurance"]
    rows = [("id", "text", "label", "split")] + [(f"r{i}", t, labels[i % 4], ("train", "dev", "test")[i % 3])
                                                  for i, t in enumerate(c.SEED_SENTENCES[:24])]
    return [
        c.Case("config", "a config that is a named pipe", ["run", "x.toml"], {"x.toml": c.FIFO},
               expect="x.toml: a pipe or device", note="before: 'config file not found'"),
        c.Case("run", "--results \"\"", [*c.RUN_TOPICS, "--results", ""], c.PROJECT, expect="--results: empty",
               note="before: the run was written into the working folder"),
        c.Case("segments", "two articles of one id (a.txt, a.TXT)", c.SEGMENTS,
               {"corpus/a.txt": seed, "corpus/a.TXT": seed}, expect="its document id 'a' is also",
               note="before: every segment id given twice"),
        c.Case("segments", "a named pipe named .txt", c.SEGMENTS, {**c.ARTICLES, "corpus/p.txt": c.FIFO}, status=0,
               expect="corpus/p.txt: a pipe or device", note="warns; before: skipped silently"),
        c.Case("predict", "a card that is a named pipe", ["predict", "m/model.skops", "new.csv", "--out", "p.csv"],
               {"m/model.skops": c.MODEL_BYTES, "m/model.json": c.FIFO, "new.csv": c.NEW},
               expect="m/model.json: a pipe or device", note="before: 'no model card beside it'"),
        c.Case("saved run", "plot: manifest tables record of another type", ["plot", "run"],
               {**c.SAVED, "run/manifest.json": json.dumps({**json.loads(c.SAVED["run/manifest.json"]),
                                                             "tables": "x"})},
               expect="its tables or metrics_sha256 record", note="before: the tables went unchecked"),
        c.Case("tables", "a split column of train, dev and test", ["run", "st.toml", "--quiet"],
               {"t.csv": csv_bytes(rows), "st.toml": split}, status=0, expect="'dev', 'train' all train",
               note="warns: the dev rows train the fixed split's model"),
    ]


def verify_cases(c) -> list:
    """A saved run whose config.toml or model.skops was changed after the run: named before any rerun."""
    stance = c.ROOT / "results" / "seeds_stance"
    run = {f"run/{name}": (stance / name).read_bytes()
           for name in ("config.toml", "metrics.json", "manifest.json", "model.json", "model.skops")}
    edited = c.SAVED["run/config.toml"].replace(b"n_init = ", b"n_init = 1#", 1)
    return [
        c.Case("saved run", "verify: config.toml edited", ["verify", "run"], {**c.SAVED, "run/config.toml": edited},
               expect="run/config.toml: changed since the run", note="before: rerun with the edited settings"),
        c.Case("saved run", "report: config.toml edited", ["report", "run"], {**c.SAVED, "run/config.toml": edited},
               expect="run/config.toml: changed since the run"),
        c.Case("tables", "text_columns naming one column twice", ["run", "table.toml"],
               {"t.csv": "id,text\n1,Un texte.\n", "table.toml": c.TABLE.replace(
                   'path = "t.csv"', 'path = "t.csv"\ntext_columns = ["text", "text"]')},
               expect="text_columns: a name is repeated", note="before: every text read twice"),
        c.Case("annotations", "an id ending in an invisible character", c.RUN_STANCE, {**c.PROJECT, "ann.csv": (
            c.annotations_with(drop_first=1) + f"{c.FIRST_ID}\u200b,none,x\n")}, expect="0\\u200b' matches no",
               note="the zero-width space is shown (before: the id looked like a segment's)"),
        c.Case("saved run", "verify: model.skops replaced", ["verify", "run"], {**run, "run/model.skops": b"garbage"},
               expect="run/model.skops: changed since the run", note="before: 'all 2109 metric values … match'"),
    ]


def round33_cases(catalogue) -> list:
    """Every case of this module, in the order of the page."""
    c = catalogue
    return [*jsonl_cases(c), *wide_row_cases(c), *newsgroups_cases(c), *work_cases(c), *key_cases(c),
            *sweep_cases(c), *output_cases(c), *annotate_and_section_cases(c), *special_file_cases(c),
            *verify_cases(c)]

