"""Config -> the segments of the corpus and, where annotated, their labels."""
from __future__ import annotations

import csv
import difflib
import io
import unicodedata
import warnings
from collections import Counter
from pathlib import Path

from experiments.config.resolved import Config
from experiments.config.sections import Evaluation
from experiments.corpus.corpora import collector_paused, read_records, record_segments
from features.read.columns import check_header, check_row_width
from features.read.documents import read_folder
from features.read.encoding import CorpusError, read_text
from features.text.segments import Segment, segment_documents


def load_segments(config: Config) -> list[Segment]:
    """Read and segment the corpus named by [corpus] and [segments].

    Illustration: len(load_segments(seeds_config)) -> 35
    """
    c = config.corpus
    if c.format in ("table", "folder_per_label"):
        with collector_paused():
            segments = record_segments(read_records(config), config.segments.unit)
    elif c.format == "newsgroups":  # one segment per message, labelled by its group
        # imported here: its reader loads scikit-learn (0.9 s), which `stancelab check` of other corpora avoids
        from features.read.newsgroups import read_newsgroups

        segments = read_newsgroups(c.path, c.categories, c.subsets, c.remove)
    else:
        segments = segment_documents(read_folder(c.path, c.encoding), config.segments.unit)
    if c.unannotated == "drop" and c.annotations:  # only the annotated segments: nothing else is read further
        annotated = read_annotations(c.annotations, config.stance.labels if config.stance else c.labels)
        segments = [s for s in segments if s.id in annotated]
    return segments


def require_text(segments: list[Segment], config: Config) -> list[Segment]:
    """`segments`, unless there are none: a corpus whose every paragraph is boilerplate is an error.

    Illustration: require_text([], config) -> CorpusError("seeds: no text segments …")  (config.corpus.path "seeds")
    """
    if not segments and config.corpus.format != "folder":  # `stancelab segments` reads folders only
        path = config.corpus.path
        raise CorpusError(f"{path}: no text segments: the {config.corpus.format.replace('_', '-')} corpus has "
                          "no row or document with text (a header only, or empty text); check the file and "
                          "[corpus] text_columns")
    if not segments:
        path = config.corpus.path
        raise CorpusError(f"{path}: no text segments: every paragraph is empty or boilerplate (outlet header, "
                          f"caption, repeated line); check what is read with `stancelab segments {path}`")
    return segments


def segment_groups(segments: list[Segment]) -> list[str]:
    """The cross-validation group of each segment: its [corpus] group column, else its document.

    Illustration: segment_groups(seed_segments)[:1] -> ["000_109b279601610553"]
    """
    return [s.group or s.doc for s in segments]


def segment_labels(config: Config, segments: list[Segment], annotations: Annotations | None = None) -> list[str]:
    """Labels from the [corpus] annotations file (`annotations`, when the caller read it already), else from
    the corpus itself (label column, folders).

    Illustration: segment_labels(seeds_stance_config, seed_segments)[0] -> "none"
    """
    path = config.corpus.annotations
    if path:
        annotations = read_annotations(path, config.stance.labels) if annotations is None else annotations
        return labelled(segments, annotations, path, config.corpus.unannotated)
    if not all(s.label for s in segments):
        raise CorpusError(f"{config.corpus.path}: no labels; set [corpus] annotations or label_column")
    known = set(config.stance.labels) if config.stance else set()
    if known and (outside := sorted({s.label for s in segments} - known)):  # a label of the corpus itself
        raise CorpusError(f"{config.corpus.path}: label {outside[0]!r} ({len(outside)} such) is not one of "
                          f"[stance] labels {list(config.stance.labels)}; add it there, or leave its "
                          "segments out of the corpus")
    return [s.label for s in segments]


class Annotations(dict):
    """{segment id: label}, remembering the line of the file each id came from (for error messages) and every
    column of its row (`rows`: {segment id: {column: value}}, the columns that can group or split segments)."""

    def __init__(self, path: str | Path):
        super().__init__()
        self.path, self.lines, self.rows = str(path), {}, {}


def read_annotations(path: str | Path, labels: list[str]) -> Annotations:
    """Annotation file (CSV with columns id, label, ...) -> {segment id: label}, validated; read once for the
    labels and the other columns (each read cost 0.03 CPU s on the 8,256 UN labels).

    The file may be UTF-8 or cp1252 (with a warning). Each bad row stops with its line and what to do.
    Illustration: read_annotations("seeds/annotations.csv", LABELS)["003_83fc1e9fc7e21474:3:1"] -> "reassurance"
    """
    out = Annotations(path)
    # strict: a quote left open is an error, not a cell that runs on to the end of the file over the rows after it
    reader = csv.reader(io.StringIO(read_text(path)), strict=True)
    try:
        _read_rows(reader, path, labels, out)
    except csv.Error as err:  # in the header
        raise CorpusError(f"{path}:{reader.line_num}: {err}; {QUOTES}") from None
    return out


QUOTES = 'a cell that starts with a quote ends at the next quote: close it, or write a quote inside a cell as ""'


def _started_rows(reader, path: str | Path):
    """The rows of `reader`; a CSV error names the line where its row started (where the quote was opened)."""
    start = reader.line_num + 1
    try:
        for cells in reader:
            yield cells
            start = reader.line_num + 1
    except csv.Error as err:
        raise CorpusError(f"{path}:{start}: {err}; {QUOTES}") from None


def _read_rows(reader, path: str | Path, labels: list[str], out: Annotations) -> None:
    """The rows of an annotation file into `out`, each checked (see `read_annotations`)."""
    header = next(reader, None)
    if header is None:
        raise CorpusError(f"{path}: empty file; write a header row id,label then one row per segment")
    names = [name.strip() for name in header]
    missing = {"id", "label"} - set(names)
    if missing:
        other = next((f" (cells separated by {sep!r}? save it with commas)" for sep in (";", "\t", "|")
                      if len(header) == 1 and sep in header[0]), "")  # a spreadsheet's French or tab export
        raise CorpusError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}; the header must name "
                          f"id,label (found {','.join(header)}){other}".replace("\r", "\\r").replace("\n", "\\n"))
    check_header(names, path)  # two 'label' columns: the last would be read silently
    at_id, at_label, short, known = names.index("id"), names.index("label"), [""] * len(names), set(labels)
    for cells in _started_rows(reader, path):
        if not cells:  # a blank line
            continue
        line, cells = reader.line_num, cells + short[len(cells):]  # a short row: its missing cells are empty
        check_row_width(cells, names, f"{path}:{line}")
        seg_id, label = cells[at_id].strip(), cells[at_label].strip()
        if not seg_id:
            raise CorpusError(f"{path}:{line}: empty id; give the segment id as printed by `stancelab segments`")
        if not label or label not in known:  # the message is made only for a bad label
            label = _check_label(label, labels, f"{path}:{line}")
        if seg_id in out:
            raise CorpusError(f"{path}:{line}: duplicate id '{seg_id}' (first on line {out.lines[seg_id]}); "
                              "keep one row per segment")
        out[seg_id], out.lines[seg_id] = label, line
        out.rows[seg_id] = dict(zip(names, map(str.strip, cells), strict=False))  # cells past the header: unread


def _check_label(label: str, labels: list[str], where: str) -> str:
    """The label of the label set that `label` is, in any Unicode normal form (é typed as e + accent: the same
    text, other code points); an empty or unknown label is an error, a misspelled one gets a suggestion."""
    if not label:
        raise CorpusError(f"{where}: empty label; give one of {', '.join(labels)}")
    same = [lab for lab in labels if unicodedata.normalize("NFC", lab) == unicodedata.normalize("NFC", label)]
    if same:
        return same[0]
    if label not in labels:
        near = difflib.get_close_matches(label, labels, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else f"; use one of {', '.join(labels)}"
        raise CorpusError(f"{where}: unknown label {label!r}{hint}")  # repr: an invisible character shows
    return label


def labelled(segments: list[Segment], annotations: dict[str, str], path: str, unannotated: str = "error") -> list[str]:
    """Labels aligned with `segments`; every annotation must match a segment. A segment without annotation
    is an error, or (unannotated = "unlabelled": a corpus of which a sample was annotated) gets label ""
    and a warning that counts and names them: the stance models never see it, the corpus shares do.

    Illustration: labelled(segs, {"a:0:0": "none"}, "ann.csv") -> ["none"]
    """
    seg_ids = [s.id for s in segments]
    ids = set(seg_ids)
    stray = [i for i in annotations if i not in ids]
    if stray:
        line = getattr(annotations, "lines", {}).get(stray[0])
        raise CorpusError(f"{path}{f':{line}' if line else ''}: id {stray[0]!r} matches no segment of the corpus"
                          f"{f' ({len(stray)} such ids)' if len(stray) > 1 else ''}; "
                          "compare with the ids printed by `stancelab segments`")
    unlabelled = [i for i in seg_ids if i not in annotations]
    if unlabelled:
        more = f" and {len(unlabelled) - 5} more" if len(unlabelled) > 5 else ""
        listed = f"{len(unlabelled)} segment(s) have no annotation: {', '.join(unlabelled[:5])}{more}"
        if unannotated == "error":
            raise CorpusError(f"{path}: {listed}; add a row for each, or set [corpus] unannotated = \"unlabelled\"")
        warnings.warn(f"{path}: {listed}; kept unlabelled ([corpus] unannotated = \"unlabelled\"): not used to "
                      f"train or score, {len(segments) - len(unlabelled)} annotated segment(s) are", stacklevel=2)
    return [annotations.get(i, "") for i in seg_ids]


def check_trainable(y, groups, evaluation: Evaluation, source: str) -> None:
    """Refuse labels no protocol can evaluate: a single class, a label with fewer examples than folds (when
    [evaluation] small_class = "error"; otherwise experiments.stance.splits applies the documented fallback), one
    group only under grouped cross-validation.

    Illustration: check_trainable(["none"] * 5, ["a"] * 5, Evaluation(protocols=(), n_splits=3), "a.csv")
             -> CorpusError("a.csv: every segment is labelled 'none'; …")
    """
    counts = Counter(y)
    if len(counts) < 2:
        only = next(iter(counts), "")
        raise CorpusError(f"{source}: every segment is labelled '{only}'; a classifier needs at least two "
                          "labels: annotate segments of another label")
    k = evaluation.n_splits
    label, n = min(counts.items(), key=lambda kv: (kv[1], kv[0]))
    if "repeated_cv" in evaluation.protocols and n < k and evaluation.small_class == "error":
        lower = f", or set [evaluation] n_splits = {n}" if n >= 2 else ""
        raise CorpusError(f"{source}: label '{label}' has {n} example(s), fewer than the {k} folds of "
                          f"repeated_cv; annotate more segments with it{lower}, or set small_class = "
                          "\"reduce_splits\"")
    if "grouped_cv" in evaluation.protocols and len(set(groups)) < 2:
        raise CorpusError(f"{source}: grouped_cv needs at least 2 groups (articles), the corpus has 1; "
                          "add articles or use protocols = [\"repeated_cv\"]")
