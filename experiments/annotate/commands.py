"""The `stancelab annotate` subcommands: sample, check, agree, merge.

    stancelab annotate sample CONFIG --n N --strategy {random,stratified,uncertainty,diverse} [--seed S]
                              [--exclude LABELFILE ...] [--annotators a,b --split alternate|blocks] [--out FILE]
    stancelab annotate check FILE ...
    stancelab annotate agree FILE_A FILE_B [--json OUT]
    stancelab annotate merge LABELFILE ... --out FILE
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from experiments.annotate import active, diverse, sample
from experiments.annotate.agree import agreement, paired, read_checked, report
from experiments.annotate.merge import MERGED_COLUMNS, merge_rows
from experiments.annotate.records import check_ids_known, load_records, read_labels
from experiments.annotate.sheets import check_sheet, write_sheet
from experiments.config import LABELS, SCHEMA
from features.encoding import CorpusError
from features.vectorize import vectorizer_input

STRATEGIES = ("random", "stratified", "uncertainty", "diverse")


def settings(config: dict) -> dict:
    """The config's [annotate] table, or its defaults when the config has none."""
    return config.get("annotate") or {k: f.default for k, f in SCHEMA["annotate"].items()}


def draw(args, config: dict, records: list[dict]) -> tuple[list[int], dict]:
    """Indices of the passages to label, in sheet order, and what the sidecar file records about them."""
    from experiments.data import text_settings

    labels = config["stance"]["labels"] if "stance" in config else LABELS
    exclude, known = read_labels(args.exclude, labels)
    check_ids_known(records, exclude, ", ".join(args.exclude))
    a, seed = settings(config), args.seed
    info = {"n_excluded": len(exclude), "n_training_labels": 0}
    if args.strategy == "random":
        return sample.random_draw(records, args.n, seed, exclude), info
    if args.strategy == "stratified":
        if not a["stratify_by"]:
            raise CorpusError(f"{args.config}: set [annotate] stratify_by = \"<column>\" for --strategy stratified")
        return sample.stratified_draw(records, args.n, seed, a["stratify_by"], exclude), info | {
            "stratify_by": a["stratify_by"]}
    X = vectorizer_input([r["text"] for r in records], text_settings(config))
    if args.strategy == "uncertainty":
        idx, conf = active.uncertainty_draw(config, records, X, known, args.n, seed, exclude, a["uncertainty"])
        return idx, info | {"n_training_labels": len(known), "measure": a["uncertainty"],
                            "confidence": [round(float(c), 6) for c in conf]}
    idx, cluster = diverse.diverse_draw(config, records, X, args.n, seed, exclude, a["n_clusters"],
                                        a["n_components"], a["n_init"])
    return idx, info | {"n_clusters": a["n_clusters"], "n_components": a["n_components"],
                        "cluster": [int(c) for c in cluster]}


def cmd_sample(args) -> int:
    """Draw passages and write the sheet(s), plus FILE.sampling.json recording how they were drawn."""
    from experiments import config as cfg

    config = cfg.load(args.config, args.set)
    args.seed = config["experiment"]["random_state"] if args.seed is None else args.seed
    records = load_records(config)
    indices, info = draw(args, config, records)
    names = [n for n in (args.annotators or "").split(",") if n]
    if names and not args.out:
        raise CorpusError("--annotators writes one sheet per annotator: give --out FILE (FILE_<name>.csv)")
    columns = settings(config)["sheet_columns"]
    if not args.out:
        write_sheet(sys.stdout, records, indices, columns)
        return 0
    out = Path(args.out)
    parts = sample.split_between(indices, len(names), args.split) if names else [indices]
    paths = [out.with_name(f"{out.stem}_{n}{out.suffix}") for n in names] or [out]
    for path, part in zip(paths, parts):
        write_sheet(path, records, part, columns)
    sidecar = out.with_suffix(".sampling.json")
    sidecar.write_text(json.dumps({
        "config": str(args.config), "strategy": args.strategy, "n": args.n, "seed": args.seed,
        "exclude": list(args.exclude), "sheets": {str(p): len(part) for p, part in zip(paths, parts)},
        "split": args.split if names else None, "ids": [records[i]["id"] for i in indices], **info,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"drew {len(indices)} passages ({args.strategy}, seed {args.seed}, {info['n_excluded']} excluded) -> "
          f"{', '.join(map(str, paths))}", file=sys.stderr)
    return 0


def cmd_check(args) -> int:
    """Every problem of every file, one line each on stderr; exit 2 if there is any."""
    labels = args.labels.split(",") if args.labels else LABELS
    status = 0
    for path in args.files:
        counts, errors = check_sheet(path, labels)
        for line in errors:
            print(f"error: {line}", file=sys.stderr)
        if errors:
            status = 2
        else:
            print(f"{path}: ok, {sum(counts.values())} rows: "
                  + ", ".join(f"{lab} {counts[lab]}" for lab in labels))
    return status


def cmd_agree(args) -> int:
    """Agreement figures on the ids both files label; --json also saves them."""
    labels = args.labels.split(",") if args.labels else LABELS
    labels_a, labels_b = read_checked(args.file_a, labels), read_checked(args.file_b, labels)
    ids, y_a, y_b = paired(labels_a, labels_b)
    result = agreement(y_a, y_b, labels)
    print(report(result, args.file_a, args.file_b, len(labels_a) - len(ids), len(labels_b) - len(ids)))
    if args.json:
        Path(args.json).write_text(json.dumps(result | {"ids": ids}, indent=2) + "\n", encoding="utf-8")
    return 0


def cmd_merge(args) -> int:
    """Batch label files -> one label file with batch and annotator columns."""
    labels = args.labels.split(",") if args.labels else LABELS
    rows = merge_rows(args.files, labels)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=MERGED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = {lab: sum(r["label"] == lab for r in rows) for lab in labels}
    print(f"{args.out}: {len(rows)} rows from {len(args.files)} files: "
          + ", ".join(f"{lab} {c}" for lab, c in counts.items()))
    return 0


def add_parser(sub) -> None:
    """Register `annotate` and its subcommands on the main parser's subparsers."""
    p = sub.add_parser("annotate", help="draw passages to label, check sheets, agreement, merge label files")
    asub = p.add_subparsers(dest="annotate_command", required=True, metavar="ACTION")
    s = asub.add_parser("sample", help="write a sheet of passages to label, drawn by a seeded strategy")
    s.add_argument("config")
    s.add_argument("--n", type=int, required=True, help="number of passages")
    s.add_argument("--strategy", choices=STRATEGIES, required=True)
    s.add_argument("--seed", type=int, help="random seed (default: [experiment] random_state)")
    s.add_argument("--exclude", nargs="*", default=[], metavar="LABELFILE",
                   help="label files or sheets: their ids are not drawn; their labels train `uncertainty`")
    s.add_argument("--annotators", help="comma-separated names: one sheet per annotator, FILE_<name>.csv")
    s.add_argument("--split", choices=("alternate", "blocks"), default="alternate",
                   help="alternate: positions dealt in turn; blocks: consecutive blocks (default: alternate)")
    s.add_argument("--out", help="sheet file (default: standard output)")
    s.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a config value")
    s.set_defaults(func=cmd_sample)
    c = asub.add_parser("check", help="validate filled sheets against the codebook labels")
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--labels", help="comma-separated label set (default: the codebook's four labels)")
    c.set_defaults(func=cmd_check)
    a = asub.add_parser("agree", help="agreement between two annotators on the passages both labelled")
    a.add_argument("file_a", metavar="FILE_A")
    a.add_argument("file_b", metavar="FILE_B")
    a.add_argument("--labels", help="comma-separated label set (default: the codebook's four labels)")
    a.add_argument("--json", help="also write the figures as JSON")
    a.set_defaults(func=cmd_agree)
    m = asub.add_parser("merge", help="merge batch label files batch<B>_<annotator>.csv into one file")
    m.add_argument("files", nargs="+", metavar="LABELFILE")
    m.add_argument("--out", required=True)
    m.add_argument("--labels", help="comma-separated label set (default: the codebook's four labels)")
    m.set_defaults(func=cmd_merge)
