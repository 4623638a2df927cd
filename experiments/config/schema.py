"""The config's public face: what callers import (`load`, `validate`, `Config`, `SCHEMA`, `ConfigError`).

The work is done in fields.py (one key and its checks), sections.py (the typed sections), resolved.py (the
whole config and back to TOML), checks.py (checks across keys) and load.py (TOML and `--set`).
Illustration: load("experiments/configs/seeds_stance.toml").stance.labels -> ("deterrence", …, "none")
"""
from __future__ import annotations

from experiments.config.checks import check_consistency, check_share_by, check_stance, check_topics
from experiments.config.fields import REQUIRED, Field, check_value, fields_of, where
from experiments.config.load import load, parse_override, read_toml, validate
from experiments.config.resolved import OPTIONAL_SECTIONS, SCHEMA, SECTIONS, STEP_OF, Config, table, to_dict
from experiments.config.sections import BASELINES, LABELS, MODELS, NEGATIONS, PROTOCOLS
from features.errors import ConfigError

__all__ = ["BASELINES", "LABELS", "MODELS", "NEGATIONS", "OPTIONAL_SECTIONS", "PROTOCOLS", "REQUIRED", "SCHEMA",
           "SECTIONS", "STEP_OF", "Config", "ConfigError", "Field", "check_consistency", "check_share_by",
           "check_stance", "check_topics", "check_value", "fields_of", "load", "parse_override", "read_toml",
           "table", "to_dict", "validate", "where"]
