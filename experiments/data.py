"""Config -> the segments of the corpus and, where annotated, their labels."""
from __future__ import annotations

import csv
import difflib
from pathlib import Path

from features.documents import read_folder
from features.encoding import CorpusError
from features.language import TextSettings
from features.segments import Segment, segment_documents
from features.vectorize import FeatureSettings


def text_settings(config: dict) -> TextSettings:
    """The [preprocess] table and corpus language as `TextSettings`."""
    p = dict(config["preprocess"], keep_words=tuple(config["preprocess"]["keep_words"]))
    return TextSettings(language=config["corpus"]["language"], **p)


def feature_settings(config: dict) -> FeatureSettings:
    """The [features] table as `FeatureSettings` (max_features 0 means no limit)."""
    f = dict(config["features"])
    f["word_ngram_range"], f["char_ngram_range"] = tuple(f["word_ngram_range"]), tuple(f["char_ngram_range"])
    f["max_features"] = f["max_features"] or None
    return FeatureSettings(**f)


def load_segments(config: dict) -> list[Segment]:
    """Read and segment the corpus named by [corpus] and [segments].

    Example: len(load_segments(seeds_config)) -> 35
    """
    docs = read_folder(config["corpus"]["path"])
    return segment_documents(docs, config["segments"]["unit"])


def read_annotations(path: str | Path, labels: list[str]) -> dict[str, str]:
    """Annotation file (CSV with columns id, label, ...) -> {segment id: label}, validated.

    Example: read_annotations("seeds/annotations.csv", LABELS)["003_83fc1e9fc7e21474:3:1"] -> "reassurance"
    """
    out: dict[str, str] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"id", "label"} - set(reader.fieldnames or [])
        if missing:
            raise CorpusError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}; need id,label")
        for row in reader:
            line, seg_id, label = reader.line_num, row["id"].strip(), row["label"].strip()
            if label not in labels:
                near = difflib.get_close_matches(label, labels, n=1)
                hint = f"; did you mean '{near[0]}'?" if near else f"; use one of {', '.join(labels)}"
                raise CorpusError(f"{path}:{line}: unknown label '{label}'{hint}")
            if seg_id in out:
                raise CorpusError(f"{path}:{line}: duplicate id '{seg_id}'")
            out[seg_id] = label
    return out


def labelled(segments: list[Segment], annotations: dict[str, str], path: str) -> list[str]:
    """Labels aligned with `segments`; every segment must be annotated and every annotation used.

    Example: labelled(segs, {"a:0:0": "none"}, "ann.csv") -> ["none"]
    """
    ids = {s.id for s in segments}
    stray = [i for i in annotations if i not in ids]
    if stray:
        raise CorpusError(f"{path}: {len(stray)} id(s) match no segment, first: {stray[0]}")
    unlabelled = [s.id for s in segments if s.id not in annotations]
    if unlabelled:
        raise CorpusError(f"{path}: {len(unlabelled)} segment(s) have no annotation: {', '.join(unlabelled[:5])}")
    return [annotations[s.id] for s in segments]
