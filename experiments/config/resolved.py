"""The whole config: one attribute per section (`Config`), its introspectable schema, and back to TOML.

`Config.stance` is a `Stance`, `Config.features` a `FeatureSettings`, ...; a step's section is None when
the config has no such table (the runner runs the steps whose section is present). `SCHEMA` lists every
key of every section as a `Field` (type, default, constraints); `to_dict` gives the TOML tables written as
the run's config.toml, with the same keys in the same order, paths relative to the run folder;
`corpus_defaults` fills the keys a config leaves to its corpus ([segments] unit, [preprocess] keep_words).
"""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, replace

from experiments.config.fields import Field, fields_of
from experiments.config.model_sections import SGD, ComplementNB, LinearSVM, LogReg, SoftVote
from experiments.config.sections import (
    NEGATIONS,
    UNIT_OF_FORMAT,
    Annotate,
    Benchmark,
    Corpus,
    Evaluation,
    Experiment,
    Features,
    Keywords,
    Preprocess,
    Segments,
    Selection,
    Stance,
    Topics,
)


@dataclass(frozen=True)
class Config:
    """A validated config (experiments.config.load); attribute access: config.stance.labels."""

    experiment: Experiment
    corpus: Corpus
    segments: Segments
    preprocess: Preprocess
    features: Features
    topics: Topics | None = None
    stance: Stance | None = None
    evaluation: Evaluation | None = None
    logreg: LogReg | None = None
    linear_svm: LinearSVM | None = None
    complement_nb: ComplementNB | None = None
    sgd: SGD | None = None
    soft_vote: SoftVote | None = None
    keywords: Keywords | None = None
    annotate: Annotate | None = None
    benchmark: Benchmark | None = None
    selection: Selection | None = None

    def model_params(self, name: str):
        """The section of a model by its name: config.model_params("logreg") is config.logreg."""
        return getattr(self, name)

    def replace(self, section: str, **values) -> Config:
        """This config with some keys of one section changed (not validated again: for tests and derived runs).

        Illustration: config.replace("corpus", unannotated="unlabelled").corpus.unannotated -> "unlabelled"
        """
        return replace(self, **{section: replace(getattr(self, section), **values)})

    def sections(self) -> list[str]:
        """The sections present, in schema order. Illustration: seeds_topics.sections()[-1] -> "topics"."""
        return [name for name in SECTIONS if getattr(self, name) is not None]


SECTIONS = {"experiment": Experiment, "corpus": Corpus, "segments": Segments, "preprocess": Preprocess,
            "features": Features, "topics": Topics, "stance": Stance, "evaluation": Evaluation, "logreg": LogReg,
            "linear_svm": LinearSVM, "complement_nb": ComplementNB, "sgd": SGD, "soft_vote": SoftVote,
            "keywords": Keywords, "annotate": Annotate, "benchmark": Benchmark, "selection": Selection}
SCHEMA: dict[str, dict[str, Field]] = {name: fields_of(cls) for name, cls in SECTIONS.items()}
# An experiment runs the steps whose section is present.
OPTIONAL_SECTIONS = {"topics", "stance", "annotate", "benchmark", "selection"}
# Sections that belong to a step: filled (defaults written out) exactly when their step's section is present.
STEP_OF = {"evaluation": "stance", "logreg": "stance", "linear_svm": "stance", "complement_nb": "stance",
           "sgd": "stance", "soft_vote": "stance", "keywords": "stance"}


def table(section, relative_to: str | os.PathLike | None = None) -> dict:
    """One section as a TOML table: its keys in order, tuples as lists, paths relative to `relative_to`.

    >>> table(Segments())
    {'unit': 'sentence'}
    """
    out = {}
    for key, field in fields_of(type(section)).items():
        value = getattr(section, key)
        if field.path and value and relative_to is not None:
            value = os.path.relpath(value, relative_to)
        out[key] = list(value) if isinstance(value, tuple) else value
    out.update({label: list(cues) for label, cues in getattr(section, "extra_cues", ())})  # [keywords] FAVOR = [...]
    return out


def to_dict(config: Config, relative_to: str | os.PathLike | None = None) -> dict:
    """The config as nested TOML tables, sections in schema order; `relative_to`: the folder the file goes in,
    so that its paths resolve against that folder (never an absolute path of one machine).

    Illustration: to_dict(load("experiments/configs/seeds_topics.toml"), "results/seeds_topics")["corpus"]["path"]
             -> "../../seeds"
    """
    return {name: table(getattr(config, name), relative_to) for name in config.sections()}


def corpus_defaults(config: Config, raw: dict, file: str = "config") -> Config:
    """The defaults that follow the corpus, for the keys `raw` (the TOML tables) leaves out: [segments] unit by
    [corpus] format (UNIT_OF_FORMAT), [preprocess] keep_words by [corpus] language (NEGATIONS). A keep_words
    list holding another language's negations and none of the corpus's is warned about: its own are removed.

    Illustration: corpus_defaults(<config of a table in English>, {}).segments.unit -> "document", and
             .preprocess.keep_words -> ("no", "not", "never", "without", "nor")
    """
    language, keep = config.corpus.language, config.preprocess.keep_words
    if "unit" not in raw.get("segments", {}):
        config = config.replace("segments", unit=UNIT_OF_FORMAT[config.corpus.format])
    if "keep_words" not in raw.get("preprocess", {}):
        return config.replace("preprocess", keep_words=NEGATIONS[language])
    other = {w for lang, words in NEGATIONS.items() if lang != language for w in words}
    if keep and not set(keep) & set(NEGATIONS[language]) and set(keep) & other:
        warnings.warn(f"{file}: [preprocess] keep_words {list(keep)} holds no negation of [corpus] language = "
                      f"{language!r}: its own ({', '.join(NEGATIONS[language])}) are removed as stop words; "
                      "leave keep_words out to keep them", stacklevel=3)
    return config
