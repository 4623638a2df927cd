"""Experiment configs: the schema of every key (type, default, allowed values), the checks across keys,
and loading a TOML file with `--set` overrides into a validated, fully resolved config."""
