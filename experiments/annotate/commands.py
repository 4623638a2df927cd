"""What the `stancelab annotate` subcommands do: sample, second-pass, check, agree, merge (their options:
experiments/annotate/parser.py).

    stancelab annotate sample CONFIG --n N --strategy {random,stratified,uncertainty,diverse} [--seed S]
                              [--exclude LABELFILE ...] [--annotators a,b --split alternate|blocks] [--out FILE]
                              [--force]
    stancelab annotate second-pass CONFIG LABELFILE ... [--fraction 0.1] [--seed S] [--out FILE] [--force]
    stancelab annotate check FILE ...
    stancelab annotate agree FILE_A FILE_B [--json OUT]
    stancelab annotate merge LABELFILE ... --out FILE

Outputs are never written over an input nor over a sheet holding labels (without --force), and are
written whole or not at all (experiments/annotate/outputs.py, features/atomic.py).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from experiments import errors
from experiments.annotate import active, diverse, sample
from experiments.annotate.agree import agreement, paired, read_checked, report
from experiments.annotate.merge import MERGED_COLUMNS, merge_rows
from experiments.annotate.outputs import annotator_names, check_sheet_outputs, refuse_foreign
from experiments.annotate.records import check_ids_known, load_records, read_labels
from experiments.annotate.sheets import check_sheet, sheet_columns, write_sheet
from experiments.config import schema as cfg
from experiments.config.resolved import Config
from experiments.config.schema import LABELS
from experiments.config.sections import Annotate
from experiments.corpus.engine import feature_input
from experiments.output.tables import write_rows
from features.atomic import refuse_inputs, write_text
from features.read.encoding import CorpusError


def settings(config) -> Annotate:
    """The config's [annotate] section, or its defaults when the config has none.

    Illustration: settings(<config without [annotate]>).uncertainty -> "least_confident"
    """
    return config.annotate or Annotate()


def draw(config: Config, records: list[dict], strategy: str, n: int, seed: int,
         exclude_files) -> tuple[list[int], dict]:
    """Indices of the passages to label, in sheet order, and what the sampling record says about them.

    Illustration: draw(config, records, "random", 300, 2026, [])[0][:1] -> [index of "YEM_46_1991_14"]
    """
    labels = config.stance.labels if config.stance is not None else LABELS
    exclude, known = read_labels(exclude_files, labels)
    check_ids_known(records, exclude, ", ".join(map(str, exclude_files)))
    a = settings(config)
    info = {"n_excluded": len(exclude), "n_training_labels": 0}
    if strategy == "random":
        return sample.random_draw(records, n, seed, exclude), info
    if strategy == "stratified":
        if not a.stratify_by:
            raise CorpusError("set [annotate] stratify_by = \"<column>\" in the config for --strategy stratified")
        return sample.stratified_draw(records, n, seed, a.stratify_by, exclude), info | {
            "stratify_by": a.stratify_by}
    features = feature_input(config, [r["text"] for r in records])  # built once, with the config's engine
    if strategy == "uncertainty":
        idx, conf = active.uncertainty_draw(config, records, features, known, n, seed, exclude, a.uncertainty,
                                            a.target_label)
        return idx, info | {"n_training_labels": len(known), "measure": a.uncertainty,
                            "target_label": a.target_label if a.uncertainty == "target" else "",
                            "confidence": [round(float(c), 6) for c in conf]}
    idx, cluster = diverse.diverse_draw(records, features, n, seed, exclude, a.n_clusters,
                                        a.n_components, a.n_init)
    return idx, info | {"n_clusters": a.n_clusters, "n_components": a.n_components,
                        "cluster": [int(c) for c in cluster]}


def sheet_paths(out, names: list[str]) -> list[Path]:
    """The sheet files of --out FILE: FILE, or FILE_<name>.csv per annotator, then FILE.sampling.json.

    Illustration: sheet_paths("b1.csv", ["a", "b"]) -> [Path("b1_a.csv"), Path("b1_b.csv"), Path("b1.sampling.json")]
    """
    out = Path(out)
    sheets = [out.with_name(f"{out.stem}_{n}{out.suffix}") for n in names] or [out]
    return [*sheets, out.with_suffix(".sampling.json")]


def check_outputs(args, config: Config, names: list[str], inputs) -> None:
    """Before any work: no output over an input (config, corpus, label files), none over a filled sheet."""
    from experiments.run.manifest import config_inputs

    if args.out:
        check_sheet_outputs(sheet_paths(args.out, names), [args.config, *config_inputs(config), *inputs],
                            args.force)


def write_sheets(config: Config, records: list[dict], indices: list[int], out, names: list[str], split: str,
                 record: dict) -> list[Path]:
    """One sheet (or one per annotator, FILE_<name>.csv) and FILE.sampling.json: how it was drawn.

    Illustration: write_sheets(config, records, idx, "b1.csv", ["a", "b"], "blocks", {...}) -> [b1_a.csv, b1_b.csv]
    """
    out = Path(out)
    parts = sample.split_between(indices, len(names), split) if names else [indices]
    paths = sheet_paths(out, names)[:-1]
    for path, part in zip(paths, parts, strict=True):
        write_sheet(path, records, part, settings(config).sheet_columns)
    write_text(out.with_suffix(".sampling.json"), json.dumps(record | {
        "sheets": {str(p): len(part) for p, part in zip(paths, parts, strict=True)}, "split": split if names else None,
        "ids": [records[i]["id"] for i in indices]}, indent=2) + "\n")
    return paths


def cmd_sample(args) -> int:
    """Draw passages and write the sheet(s) (standard output when there is no --out)."""
    config = cfg.load(args.config, args.set)
    seed = config.experiment.random_state if args.seed is None else args.seed
    names = annotator_names(args.annotators)
    if names and not args.out:
        raise CorpusError("--annotators writes one sheet per annotator: give --out FILE (FILE_<name>.csv)")
    check_outputs(args, config, names, args.exclude)
    records = load_records(config)
    with errors.fitting(args.config):  # a check of [annotate] keys against the data names the config
        sheet_columns(records, settings(config).sheet_columns)  # before the draw: a misnamed column stops here
        indices, info = draw(config, records, args.strategy, args.n, seed, args.exclude)
    if not args.out:
        write_sheet(sys.stdout, records, indices, settings(config).sheet_columns)
        return 0
    record = {"config": str(args.config), "strategy": args.strategy, "n": args.n, "seed": seed,
              "exclude": list(args.exclude), **info}
    paths = write_sheets(config, records, indices, args.out, names, args.split, record)
    print(f"drew {len(indices)} passages ({args.strategy}, seed {seed}, {info['n_excluded']} excluded) -> "
          f"{', '.join(map(str, paths))}", file=sys.stderr)
    return 0


def cmd_second_pass(args) -> int:
    """A sheet of a seeded random share of labelled passages, with text and no label, for a second annotator."""
    config = cfg.load(args.config, args.set)
    seed = config.experiment.random_state if args.seed is None else args.seed
    labels = config.stance.labels if config.stance is not None else LABELS
    check_outputs(args, config, [], args.labelfiles)
    records = load_records(config)
    with errors.fitting(args.config):
        sheet_columns(records, settings(config).sheet_columns)
    labelled, _ = read_labels(args.labelfiles, labels)
    check_ids_known(records, labelled, ", ".join(args.labelfiles))
    ids = sample.second_pass_draw(labelled, args.fraction, seed)
    where = {r["id"]: i for i, r in enumerate(records)}
    indices = [where[i] for i in ids]
    if not args.out:
        write_sheet(sys.stdout, records, indices, settings(config).sheet_columns)
        return 0
    record = {"config": str(args.config), "strategy": "second_pass", "fraction": args.fraction, "n": len(ids),
              "seed": seed, "labelled": list(args.labelfiles), "n_labelled": len(labelled)}
    paths = write_sheets(config, records, indices, args.out, [], "alternate", record)
    print(f"second pass: {len(ids)} of {len(labelled)} labelled passages (seed {seed}) -> {paths[0]}",
          file=sys.stderr)
    return 0


def cmd_check(args) -> int:
    """Every problem of every file, one line each on stderr; exit 2 if there is any."""
    labels = args.labels or LABELS
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
    labels = args.labels or LABELS
    refuse_inputs({"--json": args.json}, [args.file_a, args.file_b])
    if Path(args.file_a).resolve() == Path(args.file_b).resolve():  # agreement with itself is 1 whatever it holds
        raise CorpusError(f"{args.file_b}: the same file as {args.file_a}; give the two annotators' sheets")
    labels_a, labels_b = read_checked(args.file_a, labels), read_checked(args.file_b, labels)
    ids, y_a, y_b = paired(labels_a, labels_b)
    if not ids:
        raise CorpusError(f"{args.file_b}: no id in common with {args.file_a} (the two files share no id): nothing "
                          "to compare; give two sheets of the same passages")
    result = agreement(y_a, y_b, labels)
    print(report(result, args.file_a, args.file_b, len(labels_a) - len(ids), len(labels_b) - len(ids)))
    if args.json:
        write_text(args.json, json.dumps(result | {"ids": ids}, indent=2) + "\n")
    return 0


def cmd_merge(args) -> int:
    """Batch label files -> one label file with batch and annotator columns."""
    labels = args.labels or LABELS
    refuse_inputs({"--out": args.out}, args.files)
    refuse_foreign(Path(args.out))  # a merged file is replaced by its next merge, an article never
    rows = merge_rows(args.files, labels)
    write_rows(Path(args.out), MERGED_COLUMNS, [[r.get(c, "") for c in MERGED_COLUMNS] for r in rows])
    counts = {lab: sum(r["label"] == lab for r in rows) for lab in labels}
    print(f"{args.out}: {len(rows)} rows from {len(args.files)} files: "
          + ", ".join(f"{lab} {c}" for lab, c in counts.items()))
    return 0
