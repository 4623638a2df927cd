"""Cases of the catalogue (tests/catalogue.py) found by a second adversarial audit: each names the class of
input a reader or validator now refuses as a whole, not one file.

`extra_cases(catalogue)` returns them; the catalogue module passes itself in (it defines `Case` and the seed
files), as for tests/catalogue_more.py.
"""
from __future__ import annotations

import hashlib
import json

from tests.catalogue_more import csv_bytes


def config_cases(c) -> list:
    """Values TOML allows that no setting means (nan, inf), and a run folder placed on its own inputs."""
    topics = [("features.max_df=nan", "not a finite number"), ("topics.tsne_perplexity=inf", "not a finite number")]
    stance = [("stance.confidence=nan", "not a finite number"), ("logreg.C=inf", "not a finite number"),
              ("logreg.C_grid=[nan, 1.0]", "not a finite number")]
    cases = [c.Case("config", f"--set {text}", [*c.RUN_TOPICS, "--set", text], c.PROJECT, expect=expect)
             for text, expect in topics]
    cases += [c.Case("config", f"--set {text}", [*c.RUN_STANCE, "--set", text], c.PROJECT, expect=expect)
              for text, expect in stance]
    return cases + [
        c.Case("config", "a float list given as integers", ["check", "stance.toml", "--set", "logreg.C_grid=[1, 10]"],
               c.PROJECT, status=0, note="read as [1.0, 10.0], as 1 is read as 1.0 for a float key"),
        c.Case("run", "run folder that is the corpus", [*c.RUN_TOPICS, "--set", 'experiment.name="corpus"',
                                                        "--results", "."], c.PROJECT, expect="would replace corpus",
               note="corpus/ left in place (before: moved into .previous/ by the run)"),
        c.Case("run", "results folder inside the corpus", [*c.RUN_TOPICS, "--results", "corpus"], c.PROJECT,
               expect="inside corpus", note="nothing written into corpus/"),
        c.Case("run", "results folder holding the label file",
               [*c.RUN_STANCE, "--set", 'experiment.name="lab"', "--set", 'corpus.annotations="lab/ann.csv"',
                "--results", "."],
               {**c.PROJECT, "lab/ann.csv": c.ANNOTATIONS}, expect="would replace lab/ann.csv"),
    ]


def argument_cases(c) -> list:
    """Options the command line refuses: one line naming the option (argparse printed its usage first)."""
    return [
        c.Case("arguments", "an unknown option", ["run", "--bogus"], c.PROJECT, expect="--bogus: unrecognized"),
        c.Case("arguments", "a choice that does not exist", [*c.SEGMENTS, "--unit", "word"], c.ARTICLES,
               expect="--unit: invalid choice: 'word'"),
        c.Case("arguments", "a number that is not one", ["annotate", "sample", "stance.toml", "--n", "abc",
                                                         "--strategy", "random"], c.PROJECT,
               expect="--n: invalid int value: 'abc'"),
        c.Case("arguments", "required options left out", ["annotate", "sample", "stance.toml"], c.PROJECT,
               expect="--n, --strategy: required"),
        c.Case("arguments", "--quiet with --verbose", ["run", "--quiet", "--verbose"], c.PROJECT,
               expect="not allowed with argument"),
    ]


def table_cases(c) -> list:
    """[corpus] reading keys handed to Python's csv and codecs, and JSON that Python refuses to parse."""
    rows = csv_bytes([("id", "text"), *[(f"r{i}", t) for i, t in enumerate(c.SEED_SENTENCES[:12])]])

    def run(table, name="t.csv", extra=""):
        return {name: table, "table.toml": c.TABLE.replace('path = "t.csv"', f'path = "{name}"{extra}')}

    cmd = ["run", "table.toml", "--quiet"]
    return [
        c.Case("tables", "a delimiter of two characters", cmd, run(rows, extra='\ndelimiter = ";;"'),
               expect="[corpus] delimiter: ';;'"),
        c.Case("tables", "encoding = base64 (not a text encoding)", cmd, run(rows, extra='\nencoding = "base64"'),
               expect="unknown encoding 'base64'"),
        c.Case("tables", "encoding = utf-16 on a UTF-8 table", cmd, run(rows, extra='\nencoding = "utf-16"'),
               expect="t.csv: not utf-16"),
        c.Case("tables", "columns naming one column twice", cmd,
               run(rows.split(b"\n", 1)[1], extra='\nheader = false\ncolumns = ["text", "text"]'),
               expect="[corpus] columns: a name is repeated"),
        c.Case("tables", "a JSONL integer of 5,000 digits", cmd,
               run(b'{"id": ' + b"9" * 5000 + b', "text": "a"}\n', "t.jsonl"), expect="t.jsonl:1: not valid JSON"),
        c.Case("tables", "JSONL arrays nested 100,000 deep", cmd,
               run(b'{"text": "a", "m": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n", "t.jsonl"),
               expect="nested too deeply"),
    ]


def stance_table_cases(c) -> list:
    """A labelled table whose groups or split cannot make the folds the config asks for: the config is named."""
    labels = ["none", "deterrence", "escalation", "reassurance"]
    rows = [(f"r{i}", t, labels[i % 4], "", "test") for i, t in enumerate(c.SEED_SENTENCES[:16])]
    config = ('[experiment]\nname = "tab"\n[corpus]\nformat = "table"\npath = "t.csv"\nlabel_column = "label"\n'
              'group_column = "group"\nsplit_column = "split"\n[stance]\nmodels = ["logreg"]\n')
    header = ("id", "text", "label", "group", "split")
    return [
        c.Case("tables", "a group column that is empty in every row", ["run", "st.toml", "--quiet"],
               {"t.csv": csv_bytes([header, *rows]), "st.toml": config}, expect="st.toml: [evaluation] group_column"),
        c.Case("tables", "a fixed split where every row is test", ["run", "st.toml", "--quiet"],
               {"t.csv": csv_bytes([header, *rows]), "st.toml": config + '[evaluation]\nprotocols = ["fixed_split"]\n'},
               expect="st.toml: [evaluation] fixed_split"),
    ]


def predict_and_saved_cases(c) -> list:
    """`predict --top` out of range; a run folder whose metrics.json lost a step's results."""
    model = {"m/model.skops": c.MODEL_BYTES, "m/model.json": c.CARD_BYTES,
             "new.csv": csv_bytes([("id", "text"), *[(f"r{i}", t) for i, t in enumerate(c.SEED_SENTENCES[:3])]])}
    cmd = ["predict", "m/model.skops", "new.csv", "--quiet", "--out", "pred.csv"]
    metrics = json.loads(c.SAVED["run/metrics.json"])
    return [
        c.Case("predict", "--top -1", [*cmd, "--top", "-1"], model, expect="--top -1"),
        c.Case("predict", "to standard output, the second input missing",
               ["predict", "m/model.skops", "new.csv", "nope.csv"], model, expect="nope.csv: no such file",
               note="nothing on standard output (before: the CSV header at least was printed first)"),
        c.Case("predict", "--top 1000000000", [*cmd, "--top", "1000000000"], model, status=0,
               note="every positive n-gram of a row listed, in the time of --top 5 "
                    "(before: still running after 120 s)"),
        c.Case("saved run", "report: metrics.json emptied to {}", ["report", "run"],
               {**c.SAVED, "run/metrics.json": "{}"}, expect="no results of topics", note="report.md unchanged"),
        c.Case("saved run", "plot: metrics.json without its topics", ["plot", "run"],
               {**c.SAVED, "run/metrics.json": json.dumps({k: v for k, v in metrics.items() if k != "topics"})},
               expect="no results of topics"),
    ]


def output_cases(c) -> list:
    """Outputs inside an input folder, label files whose quotes are left open, keys no reader uses."""
    article = "corpus/003_83fc1e9fc7e21474.txt"
    sample = ["annotate", "sample", "stance.toml", "--strategy", "random", "--n", "3"]
    model = {"m/model.skops": c.MODEL_BYTES, "m/model.json": c.CARD_BYTES, **c.ARTICLES}
    unclosed = c.annotations_with(drop_first=1) + f'{c.FIRST_ID},none,"the quote is never closed\n'
    return [
        c.Case("outputs", "annotate sample --out over an article", [*sample, "--out", article], c.PROJECT,
               expect="inside corpus, an input folder", note="the article unchanged (before: replaced by the sheet)"),
        c.Case("outputs", "predict --out inside the folder it labels",
               ["predict", "m/model.skops", "corpus", "--out", "corpus/pred.txt"], model,
               expect="inside corpus, an input folder", note="before: corpus/pred.txt added to the corpus"),
        c.Case("outputs", "annotate merge --out a folder", ["annotate", "merge", "batch1_a.csv", "--out", "out"],
               {**c.BATCHES, "out/.keep": ""}, expect="out: is a folder",
               note="names the file asked for (before: its temporary file, .out.tmp-<pid>)"),
        c.Case("run", "results/<name> is a file", [*c.RUN_TOPICS, "--results", "res"],
               {**c.PROJECT, "res/seeds_topics": "my notes\n"}, expect="a file, not a run folder",
               note="res/seeds_topics left in place (before: moved into res/.previous/)"),
        c.Case("annotations", "a quote never closed", c.RUN_STANCE, {**c.PROJECT, "ann.csv": unclosed},
               expect="ann.csv:36: unexpected end of data", note="before: the cell ran to the end of the file"),
        c.Case("annotate", "check: a quote never closed", ["annotate", "check", "s.csv"], {"s.csv": unclosed},
               expect="s.csv:36: unexpected end of data"),
        c.Case("annotate", "check: --labels a,a", ["annotate", "check", "s.csv", "--labels", "a,a"],
               {"s.csv": c.ANNOTATIONS}, expect="--labels: 'a,a'", note="before: one error line per row"),
        c.Case("annotate", "sample: --seed -1", [*sample, "--seed", "-1"], c.PROJECT,
               expect="--seed: '-1' is not a seed"),
        c.Case("annotate", "sample: --annotators a/b,c", [*sample, "--annotators", "a/b,c", "--out", "s.csv"],
               c.PROJECT, expect="--annotators 'a/b,c'"),
        c.Case("config", "[corpus] encoding = utf-16 for article files", [*c.RUN_TOPICS, "--set",
                                                                          'corpus.encoding="utf-16"'],
               c.PROJECT, expect="article files are cut into lines as bytes",
               note="before: read as CJK text with 198 font warnings, exit 0"),
        c.Case("config", "[corpus] test_path for a folder of articles", [*c.RUN_STANCE, "--set",
                                                                         'corpus.test_path="corpus"'],
               c.PROJECT, expect="[evaluation] test_documents", note="before: ignored"),
        c.Case("config", "[evaluation] protocols = []", [*c.RUN_STANCE, "--set", "evaluation.protocols=[]"],
               c.PROJECT, expect="protocols: empty", note="before: a run with no score, exit 0"),
    ]


def damaged_run_cases(c) -> list:
    """A run folder whose metrics.json was edited; a card edited to another language; pipes named as inputs."""
    manifest = json.loads(c.SAVED["run/manifest.json"])
    recorded = {**c.SAVED, "run/manifest.json": json.dumps(
        {**manifest, "metrics_sha256": hashlib.sha256(c.SAVED["run/metrics.json"]).hexdigest()})}
    # a run saved before the record (the reference run may have it or not: the case must not depend on that)
    older = {**c.SAVED, "run/manifest.json": json.dumps({k: v for k, v in manifest.items() if k != "metrics_sha256"})}
    edited = c.SAVED["run/metrics.json"].replace(b'"topics"', b'"topics" ', 1)
    card = json.loads(c.CARD_BYTES)
    model = {"m/model.skops": c.MODEL_BYTES, "new.csv": "id,text\n1,La dissuasion.\n"}
    return [
        c.Case("saved run", "report: metrics.json edited after the run", ["report", "run"],
               {**recorded, "run/metrics.json": edited}, expect="metrics.json: changed since the run",
               note="runs record the SHA-256 of their metrics.json in manifest.json"),
        c.Case("saved run", "plot: metrics.json of another shape", ["plot", "run"],
               {**older, "run/metrics.json": json.dumps({"topics": {"k": 3}})}, expect="not as stancelab writes it",
               note="a run saved before that record: before, an internal error"),
        c.Case("saved runs", "runs: a config.toml that is not UTF-8", ["runs", "res"],
               {**{k.replace("run/", "res/a/", 1): v for k, v in c.SAVED.items()}, "res/a/config.toml": b"\xff"},
               expect="res/a/config.toml: not valid TOML", note="before: 'a file is not UTF-8', naming none"),
        c.Case("model card", "card language edited to 'de'", ["predict", "m/model.skops", "new.csv", "--out", "p.csv"],
               {**model, "m/model.json": json.dumps({**card, "language": "de"})}, expect="field 'language'",
               note="before: accepted, exit 0"),
        c.Case("config", "[corpus] annotations is a named pipe", c.RUN_STANCE, {**c.PROJECT, "ann.csv": c.FIFO},
               expect="not a file or folder", note="before: waited for a writer for ever"),
    ]


def key_cases(c) -> list:
    """Values of a key that no reader would use: they changed nothing, or misnamed the cause."""
    newsgroups = c.TOPICS.replace('path = "corpus"', 'format = "newsgroups"\npath = "n.tar.gz"\nsubsets = ["dev"]')
    return [
        c.Case("config", "[corpus] subsets = [\"dev\"] (newsgroups)", ["run", "n.toml", "--quiet"],
               {"n.toml": newsgroups, "n.tar.gz": c.TARGZ}, expect="subsets: 'dev' is not one of train, test",
               note="before: 'no messages for group(s) (any); check [corpus] categories'"),
        c.Case("config", "none_label outside the labels with keep_none = false",
               [*c.RUN_STANCE, "--set", 'stance.none_label="nothing"', "--set", "stance.keep_none=false"], c.PROJECT,
               expect="would leave out nothing", note="before: ran, leaving nothing out"),
        c.Case("config", "a blank stance label", [*c.RUN_STANCE, "--set", 'stance.labels=["none", " "]'], c.PROJECT,
               expect="none blank", note="before: the annotation file's first row was blamed (unknown label)"),
        c.Case("config", "text_columns = [] for a table", ["run", "table.toml"],
               {"t.csv": "id,text\n1,La dissuasion.\n", "table.toml": c.TABLE.replace(
                   'path = "t.csv"', 'path = "t.csv"\ntext_columns = []')}, expect="text_columns: empty",
               note="before: every row reported as 'empty text'"),
        c.Case("config", "an empty keyword cue", [*c.RUN_STANCE, "--set", 'keywords.deterrence=[""]'], c.PROJECT,
               expect="[keywords] deterrence: an empty or blank cue", note="before: ran, exit 0"),
    ]


def name_cases(c) -> list:
    """File names that are not UTF-8 (bytes from another system): the name is an id every output writes."""
    name = b"caf\xe9.txt".decode("utf-8", "surrogateescape")  # how Python holds such a name
    seed = c.ARTICLES["corpus/003_83fc1e9fc7e21474.txt"]
    labels = c.TOPICS.replace('path = "corpus"', 'format = "folder_per_label"\npath = "c"')
    return [
        c.Case("corpus", "a file name that is not UTF-8", c.RUN_TOPICS, {**c.PROJECT, f"corpus/{name}": seed},
               expect="is not UTF-8; rename it", note="before: an internal error while writing the run"),
        c.Case("corpus", "predict: a file name that is not UTF-8", ["predict", "m/model.skops", "a", "--out", "p.csv"],
               {"m/model.skops": c.MODEL_BYTES, "m/model.json": c.CARD_BYTES, f"a/{name}": seed},
               expect="is not UTF-8; rename it", note="before: an internal error"),
        c.Case("corpus", "a label folder file name that is not UTF-8", ["run", "f.toml", "--quiet"],
               {"f.toml": labels, "c/a/x.txt": seed, f"c/b/{name}": seed}, expect="is not UTF-8; rename it"),
    ]


def parser_limit_cases(c) -> list:
    """JSON and TOML that Python's parsers refuse with their own limits: nesting thousands deep (RecursionError)
    and integers of 4,300+ digits (ValueError), read wherever a user's file is read."""
    deep, huge = "[" * 100_000 + "]" * 100_000, "9" * 5000
    card = c.CARD_BYTES.decode("utf-8").rstrip().removesuffix("}") + f', "x": {deep}}}\n'
    model = {"m/model.skops": c.MODEL_BYTES, "m/model.json": card, "new.csv": "id,text\n1,La dissuasion.\n"}
    runs = {k.replace("run/", "res/a/", 1): v for k, v in c.SAVED.items()}
    return [
        c.Case("config", "a TOML array nested 100,000 deep", ["run", "d.toml"], {"d.toml": f"x = {deep}\n"},
               expect="not valid TOML (nested too deeply)", note="before: an internal error (RecursionError)"),
        c.Case("config", "a TOML integer of 5,000 digits", ["run", "h.toml"],
               {**c.PROJECT, "h.toml": c.TOPICS.replace("n_init = 1", f"n_init = {huge}")},
               expect="not valid TOML (a number too long to read)", note="the same with --set: 'value not readable'"),
        c.Case("model card", "a card nested 100,000 deep", ["predict", "m/model.skops", "new.csv", "--out", "p.csv"],
               model, expect="not a valid JSON card (nested too deeply)"),
        c.Case("saved run", "report: metrics.json nested 100,000 deep", ["report", "run"],
               {**c.SAVED, "run/metrics.json": f'{{"topics": {deep}}}'}, expect="not readable (nested too deeply)"),
        c.Case("saved runs", "runs: a metrics.json number of 5,000 digits", ["runs", "res"],
               {**runs, "res/a/metrics.json": f'{{"topics": {huge}}}'}, expect="a number too long to read"),
    ]


def extra_cases(catalogue) -> list:
    """Every case of this module, in the order of the page."""
    c = catalogue
    return [*config_cases(c), *argument_cases(c), *table_cases(c), *stance_table_cases(c),
            *predict_and_saved_cases(c), *output_cases(c), *damaged_run_cases(c),
            *key_cases(c), *name_cases(c), *parser_limit_cases(c)]
