"""The catalogue of bad inputs and faults: each case is a scratch folder, a `stancelab` command, the exit
status and the one line the user sees. docs/ERRORS.md is generated from it and tests/test_errors.py checks
that every case still behaves as documented, so the documentation cannot drift from the code.

    python tests/catalogue.py --write docs/ERRORS.md      # regenerate the page after changing a message

The cases run one after the other in one fresh process, each in its own scratch folder through the
`stancelab` entry point (`experiments.cli.main`), with the console captured; faults (permission denied, full
disk, a real SIGINT) are produced by `FAULTS` around the command.
"""
from __future__ import annotations

import argparse
import contextlib
import errno
import io
import json
import os
import pickle
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from unittest import mock

from tests.catalogue_extra import extra_cases
from tests.catalogue_more import more_cases
from tests.catalogue_round33 import round33_cases

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
ARTICLES = {f"corpus/{p.name}": p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))}
ANNOTATIONS = (SEEDS / "annotations.csv").read_text(encoding="utf-8")
FIRST_ID = ANNOTATIONS.splitlines()[1].split(",")[0]
# Small configs of our own (the reference configs change as the project grows): every other key default.
STANCE = '[experiment]\nname = "seeds_stance"\n[corpus]\npath = "corpus"\nannotations = "ann.csv"\n[stance]\n'
TOPICS = '[experiment]\nname = "seeds_topics"\n[corpus]\npath = "corpus"\n[topics]\nn_clusters = 4\nn_init = 1\n'
TABLE = TOPICS.replace('path = "corpus"', 'format = "table"\npath = "t.csv"')
PROJECT = {**ARTICLES, "ann.csv": ANNOTATIONS, "stance.toml": STANCE, "topics.toml": TOPICS}
BIG = "LE MONDE\n\n" + "".join(f"Paragraphe {i} : la dissuasion reste crédible. Fin {i}.\n\n" for i in range(30_000))
CP1252 = "LE MONDE\r\n\r\nLa dissuasion nucléaire – « crédible », a dit M. Lecornu.\r\n".encode("cp1252")
# Real sentences for tables (the seed paragraphs), the committed seed model, a folder-per-label archive.
SEED_SENTENCES = [p.strip() for b in ARTICLES.values() for p in b.decode("utf-8").split("\n\n") if len(p.strip()) > 60]
MODEL_BYTES = (ROOT / "results" / "seeds_stance" / "model.skops").read_bytes()
CARD_BYTES = (ROOT / "results" / "seeds_stance" / "model.json").read_bytes()


def _targz() -> bytes:
    """The seed articles as a folder-per-label tar.gz (one label folder each)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for k, (name, data) in enumerate(ARTICLES.items()):
            info = tarfile.TarInfo(f"label{k}/{Path(name).name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


TARGZ = _targz()


@dataclass(frozen=True)
class Link:
    """A symbolic link to `target` in a case's scratch folder (a dangling link, a loop)."""

    target: str


FIFO = b"<named pipe>"  # a file's content that makes it a named pipe instead


@dataclass
class Case:
    """One bad input or fault: the files of the scratch folder, the command, and what must come out."""

    group: str
    name: str
    argv: list[str]
    files: dict[str, bytes | str] = field(default_factory=dict)
    status: int = 2
    expect: str = ""       # a piece of the message the test requires (the cause, in the user's words)
    fault: str = ""        # a key of FAULTS, simulated in the command's process
    note: str = ""         # what the table says beside the message


def annotations_with(*rows: str, drop_first: int = 0) -> str:
    """The seed annotations with their first `drop_first` rows removed and `rows` appended."""
    lines = ANNOTATIONS.splitlines()
    return "\n".join([lines[0], *lines[1 + drop_first:], *rows]) + "\n"


def relabel(label: str) -> str:
    """The seed annotations with every label replaced by `label`."""
    lines = ANNOTATIONS.splitlines()
    out = [lines[0]] + [",".join([ln.split(",")[0], label, *ln.split(",")[2:]]) for ln in lines[1:]]
    return "\n".join(out) + "\n"


RUN_STANCE, RUN_TOPICS = ["run", "stance.toml", "--quiet"], ["run", "topics.toml", "--quiet"]
SEGMENTS = ["segments", "corpus"]

CASES = [
    # corpus
    Case("corpus", "empty folder", SEGMENTS, {"corpus/.keep": ""}, expect="no article files"),
    Case("corpus", "folder with no .txt file", SEGMENTS, {"corpus/articles.docx": b"PK\x03\x04"},
         expect="only: articles.docx"),
    Case("corpus", "folder that does not exist", ["segments", "corpuss"], expect="no such folder"),
    Case("corpus", "empty file", SEGMENTS, {**ARTICLES, "corpus/empty.txt": ""}, expect="empty file"),
    Case("corpus", "file of blank lines", SEGMENTS, {"corpus/blank.txt": "\n \r\n\t\n"}, expect="empty file"),
    Case("corpus", "binary file (a PNG named .txt)", SEGMENTS,
         {**ARTICLES, "corpus/photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, expect="binary file"),
    Case("corpus", "UTF-16 file", SEGMENTS, {"corpus/a.txt": "Le Monde\n\nTexte.".encode("utf-16")},
         expect="UTF-16"),
    Case("corpus", "cp1252 (Windows) file", SEGMENTS, {"corpus/a.txt": CP1252}, status=0,
         expect="not UTF-8", note="warns, then prints the text with its accents (last line of output shown)"),
    Case("corpus", "UTF-8 with BOM, CRLF line ends", SEGMENTS,
         {"corpus/a.txt": "\ufeffLE MONDE\r\n\r\nLa dissuasion nucléaire.\r\n".encode("utf-8")}, status=0,
         note="no message: BOM removed, CRLF and CR read as line ends (same ids as LF)"),
    Case("corpus", "a very large file (200 MB)", SEGMENTS, {"corpus/big.txt": BIG}, status=0,
         note="streamed one line at a time, in bounded memory (here 2 MB; "
              "`python experiments/benchmarks/large_file.py` measures 200 MB)"),
    Case("corpus", "a file that is all boilerplate", SEGMENTS,
         {**ARTICLES, "corpus/credits.txt": "LE MONDE\n\nPhoto : AFP\n"}, status=0, expect="no text left",
         note="warns; the other files' segments are printed"),
    Case("corpus", "a corpus that is all boilerplate", RUN_TOPICS,
         {"corpus/credits.txt": "LE MONDE\n\nPhoto : AFP\n", "topics.toml": TOPICS}, expect="no text segments"),
    Case("corpus", "text of stop words only", RUN_TOPICS,
         {"corpus/a.txt": "Le la les de.\n\nEt un une.\n\nIl elle.\n\nOn nous.\n", "topics.toml": TOPICS},
         expect="no words left"),
    Case("corpus", "fewer segments than clusters", RUN_TOPICS,
         {"corpus/a.txt": "La dissuasion.\n\nL’OTAN.\n\nLa Russie.\n", "topics.toml": TOPICS},
         expect="fewer than the 4 clusters"),
    Case("corpus", "table with a missing column", ["run", "table.toml", "--quiet"],
         {"t.csv": "id,body\n1,Un texte.\n", "table.toml": TABLE}, expect="no column 'text'"),
    Case("corpus", "table with an empty text cell", ["run", "table.toml", "--quiet"],
         {"t.csv": "id,text\n1,Un texte.\n2,\n3,  \n", "table.toml": TABLE}, expect="empty text"),
    # annotations
    Case("annotations", "id that matches no segment", RUN_STANCE,
         {**PROJECT, "ann.csv": annotations_with("003_83fc1e9fc7e21474:99:0,none,x")}, expect="matches no segment"),
    Case("annotations", "segments with no annotation", RUN_STANCE,
         {**PROJECT, "ann.csv": annotations_with(drop_first=7)}, expect="have no annotation"),
    Case("annotations", "misspelled label", RUN_STANCE,
         {**PROJECT, "ann.csv": annotations_with(drop_first=1) + f"{FIRST_ID},deterence,x\n"},
         expect="did you mean 'deterrence'"),
    Case("annotations", "unknown label", RUN_STANCE,
         {**PROJECT, "ann.csv": annotations_with(drop_first=1) + f"{FIRST_ID},bluff,x\n"}, expect="unknown label"),
    Case("annotations", "empty label cell", RUN_STANCE,
         {**PROJECT, "ann.csv": annotations_with(drop_first=1) + f"{FIRST_ID},,x\n"}, expect="empty label"),
    Case("annotations", "duplicate id", RUN_STANCE,
         {**PROJECT, "ann.csv": annotations_with(f"{FIRST_ID},none,x")}, expect="duplicate id"),
    Case("annotations", "missing id or label column", RUN_STANCE,
         {**PROJECT, "ann.csv": ANNOTATIONS.replace("id,label", "segment,label", 1)}, expect="missing column"),
    Case("annotations", "a label with fewer examples than folds",
         [*RUN_STANCE, "--set", "evaluation.n_splits=7", "--set", "evaluation.small_class=error"],
         PROJECT, expect="fewer than the 7 folds"),
    Case("annotations", "a single class", RUN_STANCE, {**PROJECT, "ann.csv": relabel("none")},
         expect="at least two labels"),
    # config
    Case("config", "unknown key", [*RUN_TOPICS],
         {**PROJECT, "topics.toml": TOPICS.replace("n_clusters", "n_clustres")}, expect="did you mean"),
    Case("config", "wrong type", RUN_TOPICS, {**PROJECT, "topics.toml": TOPICS.replace(
        "n_clusters = 4", 'n_clusters = "four"')}, expect="expected int"),
    Case("config", "out-of-range value", [*RUN_TOPICS, "--set", "features.max_df=1.5"], PROJECT,
         expect="above the maximum"),
    Case("config", "min_df that removes every term", [*RUN_TOPICS, "--set", "features.min_df=99"], PROJECT,
         expect="leave no term"),
    Case("config", "missing config file", ["run", "topic.toml"], PROJECT, expect="not found"),
    Case("config", "not TOML", ["run", "bad.toml"], {"bad.toml": 'name = "x\n'}, expect="not valid TOML"),
    Case("config", "config not UTF-8", ["run", "cp.toml"],
         {"cp.toml": '[experiment]\nname = "défense"\n'.encode("cp1252")}, expect="not UTF-8"),
    Case("config", "a corpus path that does not exist", [*RUN_TOPICS, "--set", "corpus.path=corpora"], PROJECT,
         expect="not found"),
    Case("config", "malformed Dask scheduler address", [*RUN_TOPICS, "--set", "experiment.scheduler=host:8786"],
         PROJECT, expect="is not a Dask scheduler address"),
    # run
    Case("run", "results folder not writable", RUN_TOPICS, PROJECT, fault="permission",
         expect="not writable"),
    Case("run", "results path is a file", [*RUN_TOPICS, "--results", "ann.csv"], PROJECT,
         expect="not a folder"),
    Case("run", "disk full while writing", RUN_TOPICS, PROJECT, fault="disk_full", expect="disk full"),
    Case("run", "Ctrl-C during a run", RUN_TOPICS, PROJECT, fault="ctrl_c", status=130, expect="interrupted"),
    Case("run", "Dask scheduler that does not answer",
         [*RUN_TOPICS, "--set", "experiment.scheduler=tcp://127.0.0.1:1"], PROJECT,
         expect="no Dask scheduler answered within 5 s"),
]

# Nothing run, nothing lost (issue 18): the cache, model cards, outputs of predict and annotate, saved runs.
CACHED = TOPICS.replace('name = "seeds_topics"\n', 'name = "seeds_topics"\ncache_dir = "cache"\n') + \
    '[features]\nengine = "cached"\n'
MODEL = ROOT / "results" / "seeds_stance" / "model.skops"
CARD = json.loads(MODEL.with_suffix(".json").read_text(encoding="utf-8"))
NEW = "id,text\nq-17,La Russie menace d'utiliser l'arme nucléaire.\n007,Aucune preuve de préparatifs.\n"
PREDICT = ["predict", "model.skops", "new.csv", "--out", "pred.csv"]


def model_with(**changes) -> dict:
    """The reference stance model, its card edited (a value None removes the field), and a table to label."""
    card = {k: v for k, v in {**CARD, **changes}.items() if v is not None}
    return {"model.skops": MODEL.read_bytes(), "model.json": json.dumps(card), "new.csv": NEW}


REFERENCE = ROOT / "results" / "seeds_topics"  # a saved run, its figures and report left out
SAVED = {f"run/{p.relative_to(REFERENCE).as_posix()}": p.read_bytes() for p in sorted(REFERENCE.rglob("*"))
         if p.is_file() and p.parts[len(REFERENCE.parts)] not in ("figures", "report.md")}
NO_TABLES = {k: v for k, v in SAVED.items() if not k.startswith("run/tables/")}
BROKEN_METRICS = {**SAVED, "run/metrics.json": SAVED["run/metrics.json"][:100]}
SHEET = "id,text,label,note\n" + "".join(f"{ln.split(',')[0]},Texte.,{ln.split(',')[1]},\n"
                                        for ln in ANNOTATIONS.splitlines()[1:4])
BATCHES = {name: (SEEDS / "ungdc" / "labels" / name).read_bytes() for name in ("batch1_a.csv", "batch1_b.csv")}

CASES += [
    Case("cache", "a pickle planted in the cache folder", RUN_TOPICS,
         {**PROJECT, "topics.toml": CACHED}, status=0, fault="planted_pickle", expect="cache entry not used",
         note="the planted pickle is never loaded (it would create a file): counts are .npz/.npy/JSON checked "
              "against their SHA-256, recomputed"),
    Case("model card", "card labels edited to 5 entries", PREDICT,
         model_with(labels=[*CARD["labels"], "bluff"]), expect="field 'labels'"),
    Case("model card", "card without preprocess", PREDICT, model_with(preprocess=None), expect="field 'preprocess'"),
    Case("model card", "temperature method without T", PREDICT,
         model_with(probability={"method": "temperature_softmax"}), expect="field 'probability.temperature'"),
    Case("model card", "card labels as a string", PREDICT, model_with(labels="deterrence,none"),
         expect="field 'labels'"),
    Case("outputs", "predict --out equal to an input", ["predict", "model.skops", "new.csv", "--out", "new.csv"],
         model_with(), expect="it is also an input", note="new.csv unchanged"),
    Case("outputs", "predict --summary equal to an input", [*PREDICT, "--summary", "new.csv"], model_with(),
         expect="it is also an input", note="new.csv unchanged"),
    Case("outputs", "predict: a later input fails", ["predict", "model.skops", "new.csv", "bad.csv", "--out",
                                                     "pred.csv"],
         {**model_with(), "bad.csv": "id,body\n1,Un texte.\n", "pred.csv": "id,label\nold,none\n"},
         expect="no 'text' column", note="the existing pred.csv is kept as it was (written whole or not at all)"),
    Case("outputs", "predict: disk full while writing", PREDICT, model_with(), fault="disk_full_outputs",
         expect="pred.csv: disk full", note="no half-written pred.csv is left"),
    Case("outputs", "annotate sample --out over a filled sheet",
         ["annotate", "sample", "stance.toml", "--n", "3", "--strategy", "random", "--out", "sheet.csv"],
         {**PROJECT, "sheet.csv": SHEET}, expect="--force", note="sheet.csv unchanged; --force replaces it"),
    Case("outputs", "annotate sample --annotators a,a",
         ["annotate", "sample", "stance.toml", "--n", "4", "--strategy", "random", "--annotators", "a,a", "--out",
          "b.csv"], PROJECT, expect="named twice"),
    Case("outputs", "annotate second-pass --out equal to a label file",
         ["annotate", "second-pass", "stance.toml", "ann.csv", "--out", "ann.csv"], PROJECT,
         expect="it is also an input"),
    Case("outputs", "annotate merge --out equal to an input",
         ["annotate", "merge", "batch1_a.csv", "batch1_b.csv", "--out", "batch1_b.csv"], BATCHES,
         expect="it is also an input"),
    Case("outputs", "annotate agree --json equal to an input",
         ["annotate", "agree", "batch1_a.csv", "batch1_b.csv", "--json", "batch1_a.csv"], BATCHES,
         expect="it is also an input"),
    Case("saved run", "plot: tables/ deleted", ["plot", "run"], NO_TABLES, expect="tables missing",
         note="nothing redrawn"),
    Case("saved run", "report: tables/ deleted", ["report", "run"], NO_TABLES, expect="tables missing",
         note="report.md unchanged"),
    Case("saved run", "plot: a 0-byte table", ["plot", "run"], {**SAVED, "run/tables/ksweep.csv": b""},
         expect="tables/ksweep.csv (empty)"),
    Case("saved run", "report: a 0-byte table", ["report", "run"], {**SAVED, "run/tables/topic_terms.csv": b""},
         expect="tables/topic_terms.csv (empty)"),
    Case("saved run", "plot: corrupt metrics.json", ["plot", "run"], BROKEN_METRICS, expect="not readable"),
    Case("saved run", "report: corrupt metrics.json", ["report", "run"], BROKEN_METRICS, expect="not readable"),
    Case("saved run", "verify: corrupt metrics.json", ["verify", "run"], BROKEN_METRICS, expect="not readable",
         note="found before the rerun"),
    Case("run", "SIGTERM during a run", RUN_TOPICS, PROJECT, fault="sigterm", status=143, expect="terminated"),
]
CASES += more_cases(sys.modules[__name__])
CASES += extra_cases(sys.modules[__name__])
CASES += round33_cases(sys.modules[__name__])


def _deny_writes():
    def denied(prefix="", dir=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", os.path.join(dir or ".", prefix))

    return mock.patch("tempfile.mkdtemp", denied)


class _Full(io.TextIOBase):
    """A file on a full disk: writing fails with ENOSPC."""

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")


@contextlib.contextmanager
def _full_disk():
    real_open = io.open

    def open_(file, mode="r", *args, **kwargs):
        inside = isinstance(file, (str, os.PathLike)) and os.fspath(file).startswith("results" + os.sep)
        if inside and ("w" in mode or "a" in mode):
            real_open(file, mode, *args, **kwargs).close()  # created, as on a real full disk, then no room
            return _Full()
        return real_open(file, mode, *args, **kwargs)

    with mock.patch("io.open", open_), mock.patch("builtins.open", open_):
        yield


def _ctrl_c_in_the_topics_step():
    from experiments.run import steps

    def interrupted(config, segments, X, run_dir, log):
        (run_dir / "tables" / "topic_terms.csv").write_text("cluster,size\n0,")  # half a table
        os.kill(os.getpid(), signal.SIGINT)  # the signal a terminal sends on Ctrl-C
        time.sleep(5)  # the interrupt arrives here

    return mock.patch.dict(steps.STEPS, {"topics": interrupted})


FAULTS = {"permission": _deny_writes, "disk_full": _full_disk, "ctrl_c": _ctrl_c_in_the_topics_step}

def _sigterm_in_the_topics_step():
    from experiments.run import steps

    def terminated(config, segments, X, run_dir, log):
        os.kill(os.getpid(), signal.SIGTERM)  # what `kill PID` or a job scheduler sends
        time.sleep(5)

    return mock.patch.dict(steps.STEPS, {"topics": terminated})


class _Payload:
    def __reduce__(self):
        return exec, ("open('code_ran', 'w').close()",)


@contextlib.contextmanager
def _planted_pickle():
    """Run the case's command once to fill the cache, then replace every file of the cache by a pickle
    that would create `code_ran` if it were loaded."""
    from experiments.cli import main

    main(["run", "topics.toml", "--quiet"])
    for path in Path("cache").rglob("*"):
        if path.is_file():
            path.write_bytes(pickle.dumps(_Payload()))
    yield
    if Path("code_ran").exists():
        raise RuntimeError("a pickle planted in the cache ran")


@contextlib.contextmanager
def _full_disk_for_outputs():
    """Every new file (or temporary file, opened by descriptor) written by the command hits a full disk."""
    real_open = io.open

    def open_(file, mode="r", *args, **kwargs):
        if ("w" in mode or "a" in mode) and isinstance(file, (int, str, os.PathLike)):
            real_open(file, mode, *args, **kwargs).close()
            return _Full()
        return real_open(file, mode, *args, **kwargs)

    with mock.patch("io.open", open_), mock.patch("builtins.open", open_):
        yield


FAULTS.update(sigterm=_sigterm_in_the_topics_step, planted_pickle=_planted_pickle,
              disk_full_outputs=_full_disk_for_outputs)


@dataclass
class Outcome:
    status: int
    stdout: str
    stderr: str


def _show_on_stderr(message, category, filename, lineno, file=None, line=None):
    """Print a warning on the current sys.stderr (captured per case), formatted as the CLI formats it."""
    print(warnings.formatwarning(message, category, filename, lineno), file=sys.stderr, end="")


def run_here(case: Case) -> Outcome:
    """Run `case` in this process, in a scratch folder holding its files, as `stancelab ARGV` would run."""
    from experiments.cli import main

    cwd, out, err = os.getcwd(), io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        for name, content in case.files.items():
            path = Path(folder, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            if content is None:  # a folder where a file is expected
                path.mkdir()
            elif isinstance(content, Link):
                path.symlink_to(content.target)
            elif content == FIFO:  # a named pipe: reading it would wait for a writer for ever
                os.mkfifo(path)
            else:
                path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        os.chdir(folder)
        stack.callback(os.chdir, cwd)
        stack.enter_context(warnings.catch_warnings())
        warnings.simplefilter("always")  # every case shows its warnings, as in a fresh process
        warnings.showwarning = _show_on_stderr
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        if case.fault:
            stack.enter_context(FAULTS[case.fault]())
        try:
            status = main(case.argv)
        except SystemExit as exit_:
            status = exit_.code
    return Outcome(status, out.getvalue(), err.getvalue())


def run_all() -> list[Outcome]:
    """Every case, run one after the other in one fresh process (imports are paid once)."""
    res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--json"], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=900)
    if res.returncode != 0:
        raise RuntimeError(f"the catalogue did not run:\n{res.stderr}")
    return [Outcome(**o) for o in json.loads(res.stdout)]


def cell(text: str) -> str:
    """Text inside a Markdown table cell as code (double backticks: messages quote commands in backticks),
    pipes escaped, lines joined with <br>."""
    return "<br>".join(f"`` {ln} ``".replace("|", "\\|") for ln in text.strip().splitlines())


HEAD = """# What stancelab says when something is wrong

Every bad input and fault we know of gives **one line** on standard error naming the file (and the line
where it applies), the cause and what to do, then exit status **2**; Ctrl-C gives exit status **130**
(128 + SIGINT), SIGTERM **143** (128 + SIGTERM), both after removing the unfinished run. No traceback is shown unless
you add `--debug` (`stancelab --debug run ...`). An error that
is not in this table is a bug: it is reported in one line too, with exit status 1 and a request to rerun
with `--debug` and report the traceback. Warnings (`warning: ...`, e.g. a file read as cp1252) come
before it and do not stop anything.

Nothing written before is lost: a run is written into a hidden temporary folder that is removed on any
failure (including Ctrl-C and a full disk), and the results folder is checked before any work starts, so
`results/<experiment>/` always holds the last complete run. `stancelab segments` checks every file of the
folder before it prints anything.

This table is generated by running each case in a scratch folder (`python tests/catalogue.py --write
docs/ERRORS.md`); `tests/test_errors.py` runs them again and fails if a message no longer matches this page.

"""


def document(outcomes=None) -> str:
    """The whole of docs/ERRORS.md."""
    return HEAD + table(CASES, outcomes)


def table(cases=CASES, outcomes=None) -> str:
    """The Markdown table of the catalogue: input, command, exit status, what the user sees."""
    outcomes = outcomes or run_all()
    rows = ["| | input | command | exit | what the user sees |", "| --- | --- | --- | --- | --- |"]
    for case, out in zip(cases, outcomes, strict=True):
        seen = cell(out.stderr)
        if case.status == 0 and out.stdout.strip():
            last = out.stdout.strip().splitlines()[-1]
            last = last if len(last) <= 90 else last[:89] + "…"
            seen = "<br>".join(filter(None, [seen, cell(last)]))
        if case.note:
            seen = f"{seen}<br>{case.note}" if seen else case.note
        rows.append(f"| {case.group} | {case.name} | `stancelab {' '.join(case.argv)}` | {out.status} | {seen} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="run every case here, print the outcomes as JSON")
    parser.add_argument("--write", metavar="FILE", help="write the catalogue page (docs/ERRORS.md) to FILE")
    args = parser.parse_args()
    if args.json:
        sys.path.insert(0, str(ROOT))
        print(json.dumps([asdict(run_here(case)) for case in CASES]))
    elif args.write:
        Path(args.write).write_text(document(), encoding="utf-8")
    else:
        print(document(), end="")
