"""`stancelab segments`: the segments of a corpus as CSV, as the experiments read them, so that a user sees the
ids an annotation file uses: a folder of articles (streamed), or any corpus a config names (`--config`).
"""
from __future__ import annotations

from pathlib import Path

from features.errors import ConfigError
from features.text.segments import COLUMNS, EXTRA_COLUMNS, iter_folder_segments, write_csv


def print_segments(folder: str | None, config_path: str | None, unit: str | None, overrides=()) -> None:
    """Write the segments of `folder`, or of the corpus the config at `config_path` names, to standard output.

    Illustration: print_segments("seeds", None, None) -> "id,doc,paragraph,…\\n000_109b279601610553:1:0,…"
    """
    if config_path:
        if folder:
            raise ConfigError(f"segments: give {folder} or --config {config_path}, not both (the config names "
                              "its corpus)")
        write_csv(*config_segments(config_path, unit, overrides))
        return
    if not folder:
        raise ConfigError("segments: give a FOLDER of articles, or --config FILE for the corpus a config names")
    if overrides:  # they would change nothing: a folder is read with the defaults and --unit
        raise ConfigError(f"--set {overrides[0]}: changes a config, and none is given; add --config FILE, or use "
                          "--unit for the segments of a folder")
    if Path(folder).is_file():  # a table: its text columns, ids and unit are the config's
        raise ConfigError(f"{folder}: a file, not a folder of articles; to see the segments of a table, name "
                          "it in a config's [corpus] and run `stancelab segments --config CONFIG`")
    write_csv(iter_folder_segments(folder, unit or "sentence"))  # streamed: bounded memory


def config_segments(config_path: str, unit: str | None, overrides=()) -> tuple[list, None, tuple[str, ...]]:
    """(segments, stdout, columns) of the corpus a config names, read with its [corpus] and [segments] settings
    (`unit` and the overrides take precedence); group, label and split columns are shown when a segment has one.

    Illustration: config_segments("experiments/configs/seeds_stance.toml", None)[2]
             -> ("id", "doc", "paragraph", "sentence", "source", "date", "text")
    """
    from experiments.config import schema as cfg  # start-up: loaded when a config is given
    from experiments.corpus.data import load_segments, require_text

    config = cfg.load(config_path, [*overrides, *([f"segments.unit={unit}"] if unit else [])])
    segments = require_text(load_segments(config), config)
    extra = tuple(c for c in EXTRA_COLUMNS if any(getattr(s, c) for s in segments))
    return segments, None, COLUMNS[:-1] + extra + COLUMNS[-1:]  # the text stays the last column
