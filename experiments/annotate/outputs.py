"""Where the annotate commands may write: never over an input, never over a sheet that holds labels.

Sheets are work: a sheet with labels or notes filled in is replaced only with `--force`; an output path
that is also an input (the config's corpus or annotations, a label file, an --exclude file) is refused;
so are two annotators of the same name (their sheets would be one file). All of it is checked before any
passage is drawn; the files themselves are written whole or not at all (features/atomic.py).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from features.atomic import OutputError, refuse_inputs

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def annotator_names(text: str | None) -> list[str]:
    """The names of `--annotators a,b`, each once.

    Illustration: annotator_names("a,b") -> ["a", "b"];  annotator_names("a,a") -> OutputError("--annotators: …")
    """
    if text is None:
        return []
    names = [n.strip() for n in text.split(",")]
    if not all(NAME.fullmatch(n) for n in names):  # each name ends a file name
        raise OutputError(f"--annotators {text!r}: each name is part of a sheet's file name (FILE_<name>.csv): use "
                          "letters, digits, '_', '-', '.', starting with a letter or digit, separated by commas")
    if twice := sorted({n for n in names if names.count(n) > 1}):
        raise OutputError(f"--annotators: {', '.join(repr(n) for n in twice)} named twice; each annotator gets "
                          "one sheet (FILE_<name>.csv): give each name once")
    return names


def filled_cells(path: Path) -> int:
    """How many label or note cells of an existing sheet hold something (0 when it holds none).

    A file that cannot be read as a CSV sheet counts as filled: it is not ours to replace.
    Illustration: filled_cells(Path("seeds/ungdc/labels/batch1_a.csv")) -> 100
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return sum(bool((row.get("label") or "").strip()) + bool((row.get("note") or "").strip())
                       for row in csv.DictReader(f))
    except (UnicodeDecodeError, csv.Error):
        return 1


def check_sheet_outputs(paths: list[Path], inputs: list, force: bool) -> None:
    """Refuse, before any work, sheets that are inputs or that would replace filled-in work.

    Illustration: check_sheet_outputs([Path("batch1_a.csv")], [], force=False)
             -> OutputError("batch1_a.csv: holds 100 filled label or note cells; …") when it does
    """
    refuse_inputs([("--out", p) for p in paths], inputs)
    if force:
        return
    for path in paths:
        refuse_foreign(path, "--force replaces it")
        if path.is_file() and (n := filled_cells(path)):
            raise OutputError(f"{path}: holds {n} filled label or note cell(s); a new sheet would replace them: "
                              "give another --out, or add --force to replace it")


def refuse_foreign(path: Path, how: str = "") -> None:
    """An existing --out file that is no table of passages (no `id` column: an article, notes) is not ours to
    replace: refused, naming it (`how`: the option that replaces it anyway, if the command has one).

    Illustration: refuse_foreign(Path("corpus/a.txt")) -> OutputError("corpus/a.txt: exists and is no label …")
    """
    if not path.is_file():
        return
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            header = [name.strip() for name in next(csv.reader(f), [])]
    except (UnicodeDecodeError, csv.Error):
        header = []
    if "id" not in header:
        raise OutputError(f"{path}: exists and is no label file or sheet (no id column); writing would replace "
                          f"it: give another --out{f', or {how}' if how else ''}")
