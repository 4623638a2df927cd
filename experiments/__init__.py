"""Matrix -> findings: one TOML config in, one results folder out (topics, stance, figures, report).
Each stage is a sub-package; `cli` is the `stancelab` command that runs them.

Stage -> package (see README.md, "Where the code is"):
- config/      the typed schema of a config, the checks across keys, loading files and `--set` overrides
- run/         the runner, atomic run folders, provenance (manifest), verify, progress and logging, Dask
- corpus/      config -> segments, labels and the feature input every step vectorises
- stance/      stance models, baselines, splits, evaluation, intervals, the final model, predict
- topics/      clustering, choice of k, stability, scores against labels, interpretation, label-free selection
- output/      tables (CSV/Markdown/LaTeX), shares, the methods paragraph, report.md, figures/
- annotate/    drawing passages to label, checking sheets, agreement, merging label files
- benchmarks/  the public benchmarks and the scale benchmark (separate commands that print figures)
- errors       one line and the exit status for every failure (the user error classes are in features.errors)
- cli          the `stancelab` command line
"""
