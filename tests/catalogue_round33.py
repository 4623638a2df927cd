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
    return cases + [c.Case("config", f"--set {text}", [*c.RUN_TOPICS, "--set", text], c.PROJECT, expect=expect)
                    for text, expect in topics]


def round33_cases(catalogue) -> list:
    """Every case of this module, in the order of the page."""
    c = catalogue
    return [*jsonl_cases(c), *wide_row_cases(c), *newsgroups_cases(c), *work_cases(c)]

