"""The two corpora of the stance-versus-plain benchmark, written as tables with a stancelab config beside them.

- `un`: the labelled UN General Debate passages (seeds/ungdc/labels.csv joined to the shared CSV of passages
  that mention "nuclear"), grouped by country: grouped cross-validation, a country's passages in one fold.
- `five_targets`: five targets from 20 Newsgroups, each a hierarchy whose three newsgroups are its labels
  (comp, rec, sci, talk.politics, religion), one model per target, the bydate train/test split as a fixed
  split. Messages (headers, footers, quotes removed) are cut to their first 280 characters, at a space, so
  that rows are tweet-sized as in a tweet stance benchmark; empty and repeated texts are left out, and at most
  `N_TRAIN` training and `N_TEST` test messages per newsgroup are kept (the first by message number). Its
  stancelab config has `final_fit = "none"`: the per-target models of the split are the final models, as the
  plain way's per-target refits are (a pooled model of all targets, which "train" adds, is made by neither).

Both ways read the same table, prepare its text once with the same settings and see the same rows in the same
order; only how they fit differs (experiments/benchmarks/stance_vs_plain.py).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from features.atomic import atomic_write

TARGETS = {"comp": ["comp.graphics", "comp.windows.x", "comp.sys.mac.hardware"],
           "rec": ["rec.autos", "rec.motorcycles", "rec.sport.hockey"],
           "sci": ["sci.crypt", "sci.med", "sci.space"],
           "politics": ["talk.politics.guns", "talk.politics.mideast", "talk.politics.misc"],
           "religion": ["alt.atheism", "soc.religion.christian", "talk.religion.misc"]}
N_TRAIN, N_TEST, MAX_CHARS = 195, 85, 280   # about the size of a five-target tweet benchmark (2,914 / 1,249)
UN_LABELS = ["deterrence", "escalation", "reassurance", "none"]
SEED = 2029
GRID = [0.1, 1.0, 10.0]                      # LinearSVC C, searched on 5 inner folds by both ways
FEATURES = {"word_ngram_range": (1, 3), "char_ngram_range": (2, 5), "min_df": 2, "sublinear_tf": True}
PREPROCESS = {"lowercase": True, "strip_accents": False, "stop_words": True, "lemmatize": True,
              "drop_numbers": True, "min_token_length": 2, "keep_words": ["no", "not", "never", "without", "nor"]}


@dataclass(frozen=True)
class Corpus:
    """One benchmark corpus: its table, its stancelab config, and what the plain way needs to know."""

    name: str
    table: Path
    config: Path
    labels: list[str]
    headline: list[str]
    protocol: str              # "grouped_cv" (column `group`) or "fixed_split" (column `split`)
    per_group: str = ""        # one model per value of this column ("target"), "" for one model


def _write_table(path: Path, columns: list[str], rows: list[dict]) -> Path:
    with atomic_write(path) as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return f'"{value}"' if isinstance(value, str) else repr(value)


def write_config(path: Path, sections: dict[str, dict]) -> Path:
    """A TOML config from {section: {key: value}} (strings, numbers, booleans and lists of them)."""
    text = "\n".join(f"[{name}]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in keys.items())
                     for name, keys in sections.items())
    with atomic_write(path) as f:
        f.write(text)
    return path


def stance_config(corpus: Corpus, corpus_keys: dict, evaluation: dict, final_fit: str = "train") -> Path:
    """The stancelab config of a benchmark corpus: one linear SVM on word 1-3 + char 2-5 TF-IDF, C searched."""
    return write_config(corpus.config, {
        "experiment": {"name": f"stance_vs_plain_{corpus.name}", "random_state": SEED, "n_jobs": 1},
        "corpus": {"format": "table", "path": str(corpus.table), "language": "en", "label_column": "label",
                   "id_columns": ["id"], **corpus_keys},
        "segments": {"unit": "document"},
        "preprocess": PREPROCESS,
        "features": {"words": True, "chars": True, **FEATURES},
        "stance": {"labels": corpus.labels, "headline_labels": corpus.headline, "models": ["linear_svm"],
                   "baselines": ["majority"], "final_model": "linear_svm", "per_group_column": corpus.per_group,
                   "final_fit": final_fit},
        "evaluation": {"protocols": [corpus.protocol], "n_splits": 5, "inner_splits": 5, "search": True,
                       **evaluation},
        "linear_svm": {"C": 1.0, "C_grid": GRID, "class_weight": "balanced", "max_iter": 5000},
    })


def un_corpus(data_dir: Path, work: Path, labels_csv: Path) -> Corpus:
    """The labelled UN passages as a table (id, group = country, label, text), in the shared CSV's order."""
    with open(labels_csv, encoding="utf-8") as f:
        labels = {row["id"]: row["label"] for row in csv.DictReader(f)}
    rows = []
    with open(data_dir / "ungdc" / "ungdc_nuclear_paragraphs_1946_2024.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = "_".join((r["country"], r["session"], r["year"], r["para_idx"]))
            if key in labels:
                rows.append({"id": key, "group": r["country"], "label": labels[key], "text": r["text"]})
    corpus = corpus_of("un", work)
    _write_table(corpus.table, ["id", "group", "label", "text"], rows)
    # duplicates "keep": folds by country alone, as the plain way's StratifiedGroupKFold makes them. stancelab's
    # default ("group") also joins the countries that share a prepared text (two of the 197 in the 8,256
    # labels), which makes other folds than the plain way's: then the two ways would not test the same rows.
    stance_config(corpus, {"group_column": "group"}, {"group_column": "group", "duplicates": "keep"})
    return corpus


def clip(text: str, limit: int = MAX_CHARS) -> str:
    """The text's first `limit` characters, whitespace collapsed, cut at the last space.

    >>> clip("one two  three", 9)
    'one two'
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0]


def five_targets(data_dir: Path, work: Path) -> Corpus:
    """Five 20 Newsgroups targets, three newsgroups (labels) each, with the bydate split as a fixed split."""
    from features.read.newsgroups import read_newsgroups

    groups = [g for names in TARGETS.values() for g in names]
    target_of = {g: t for t, names in TARGETS.items() for g in names}
    quota = {"train": N_TRAIN, "test": N_TEST}
    seen, taken, rows = set(), {}, []
    for seg in read_newsgroups(data_dir / "20newsgroups" / "20news-bydate.tar.gz", groups):
        text = clip(seg.text)
        key = (seg.split, seg.label)
        if len(text) < 20 or text in seen or taken.get(key, 0) >= quota[seg.split]:
            continue  # an empty or repeated text would flatter whichever way collapses rows
        seen.add(text)
        taken[key] = taken.get(key, 0) + 1
        rows.append({"id": seg.id.replace("/", "_"), "target": target_of[seg.label], "label": seg.label,
                     "split": seg.split, "text": text})
    corpus = corpus_of("five_targets", work)
    _write_table(corpus.table, ["id", "target", "label", "split", "text"], rows)
    # final_fit "none": the per-target models the split fits are the final ones, as the plain way's refits are;
    # "train" would add a pooled model of all targets, which neither way scores (see docs/benchmarks.md)
    # duplicates "keep": inner folds stratified on the rows alone and every training row kept, as the plain
    # way's StratifiedKFold and fit; stancelab's default ("group") keeps texts identical once prepared in one
    # inner fold and leaves a test text's training copies out, which the plain way does not do
    stance_config(corpus, {"split_column": "split", "metadata_columns": ["target"]},
                  {"split_column": "split", "duplicates": "keep"}, final_fit="none")
    return corpus


def corpus_of(name: str, work: Path) -> Corpus:
    """The corpus `name` as `build` writes it into `work` (nothing is read or written here).

    >>> corpus_of("five_targets", Path("w")).per_group
    'target'
    """
    if name == "un":
        return Corpus("un", work / "un.csv", work / "un.toml", UN_LABELS, UN_LABELS[:3], "grouped_cv")
    labels = sorted(g for names in TARGETS.values() for g in names)
    return Corpus(name, work / f"{name}.csv", work / f"{name}.toml", labels, [], "fixed_split", per_group="target")


def build(name: str, data_dir: Path, work: Path, root: Path) -> Corpus:
    """The corpus `name` ("un" or "five_targets") written into `work`."""
    if name == "un":
        return un_corpus(data_dir, work, root / "seeds" / "ungdc" / "labels.csv")
    return five_targets(data_dir, work)
