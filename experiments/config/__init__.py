"""Experiment configs: typed sections (frozen dataclasses, constraints in field metadata), the checks across
keys, and loading a TOML file with `--set` overrides into a validated `Config` (experiments.config.schema).

fields.py: one key and its checks; sections.py: the section dataclasses; resolved.py: the whole `Config`,
its `SCHEMA`, `to_dict` and the defaults that follow the corpus; checks.py: checks across keys; load.py:
TOML, `--set`, paths; schema.py: imports.
"""
