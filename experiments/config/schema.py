"""Experiment configs: TOML in, a validated and fully resolved dict out, before any work starts.

Every key the project reads is declared in `SCHEMA` with its type, default and allowed values, so that
the resolved config written beside the results spells out every hyperparameter. An unknown key, a wrong
type, an impossible value or a missing file is a `ConfigError`: one line naming the file and the key.
"""
from __future__ import annotations

import copy
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from experiments.stance.cues import CODEBOOK_CUES
from features.errors import ConfigError  # noqa: F401 (raised here; re-exported for callers)

REQUIRED = object()


@dataclass(frozen=True)
class Field:
    """One config key: its type, default, and the values it may take."""

    type: type | tuple[type, ...]
    default: Any = REQUIRED
    choices: tuple | None = None                 # allowed values (of each item, for a list)
    min: float | None = None
    max: float | None = None
    item: type | tuple[type, ...] | None = None  # element type of a list
    length: int | None = None                    # exact length of a list (ngram ranges)
    path: bool = False                           # a file or folder that must exist


LABELS = ["deterrence", "escalation", "reassurance", "none"]
MODELS = ("logreg", "linear_svm", "complement_nb", "sgd")
BASELINES = ("majority", "stratified", "keyword")
PROTOCOLS = ("grouped_cv", "repeated_cv", "fixed_split")
NEGATIONS = ["ne", "pas", "aucun", "aucune", "jamais", "sans", "ni", "no", "not", "never", "without", "nor"]

SCHEMA: dict[str, dict[str, Field]] = {
    "experiment": {
        "name": Field(str),
        "description": Field(str, ""),
        "random_state": Field(int, 0, min=0, max=2**31 - 1),  # numpy seeds stop at 2**32 - 1; room for +i
        "n_jobs": Field(int, 1, min=1),
        "cache_dir": Field(str, ".cache"),  # tokenised corpora (engine "cached"); "" : no cache
        "scheduler": Field(str, ""),        # "": folds run here; "tcp://host:port": on that Dask scheduler's
                                            # workers (experiments/run/backend.py; extra `dask`)
    },
    "corpus": {
        "format": Field(str, "folder", choices=("folder", "table", "folder_per_label", "newsgroups")),
        "path": Field(str, path=True),
        "language": Field(str, "fr", choices=("fr", "en")),
        "annotations": Field(str, "", path=True),
        "unannotated": Field(str, "error", choices=("error", "unlabelled")),  # segments the file does not label
        # Tables and folder-per-label collections (see features/read/tables.py, features/read/labelled_folders.py).
        "test_path": Field(str, "", path=True),     # a separate test table or collection
        "member": Field(str, ""),                   # folder inside path (or its archive) holding the labels
        "test_member": Field(str, ""),              # the same for the test documents
        "encoding": Field(str, "auto"),             # auto: UTF-8, a line that is not as cp1252 (one warning);
                                                    # "utf-8": refuse such a file; else a codec (latin-1)
        "delimiter": Field(str, ""),                # "": by suffix (.csv ",", .tsv "\t")
        "header": Field(bool, True),
        "columns": Field(list, [], item=str),       # column names of a table without header
        "quoting": Field(str, "standard", choices=("standard", "none")),
        "text_columns": Field(list, ["text"], item=str),
        "label_column": Field(str, ""),
        "id_columns": Field(list, [], item=str),    # [] : id = "<file stem>:<line>"
        "id_separator": Field(str, "_"),
        "group_column": Field(str, ""),
        "split_column": Field(str, ""),             # values "train" / "test"
        "date_column": Field(str, ""),
        "source_column": Field(str, ""),
        "metadata_columns": Field(list, [], item=str),
        "decade_column": Field(str, ""),            # a year column -> metadata "decade" ("1990s")
        "filter_column": Field(str, ""),            # folder_per_label: the label
        "keep_values": Field(list, [], item=str),
        "drop_values": Field(list, [], item=str),
        "labels": Field(list, [], item=str),        # [] : the [stance] labels when there is one
        "on_invalid": Field(str, "error", choices=("error", "skip")),
        # format = "newsgroups" (features/read/newsgroups.py): groups ([] = all), subsets, metadata removed
        "categories": Field(list, [], item=str),
        "subsets": Field(list, ["train", "test"], item=str),
        "remove": Field(list, ["headers", "footers", "quotes"], item=str),
    },
    "segments": {
        "unit": Field(str, "sentence", choices=("sentence", "paragraph", "document")),
    },
    "preprocess": {
        "lowercase": Field(bool, True),
        "strip_accents": Field(bool, False),
        "stop_words": Field(bool, True),
        "lemmatize": Field(bool, False),
        "drop_numbers": Field(bool, False),
        "min_token_length": Field(int, 2, min=1),
        "keep_words": Field(list, NEGATIONS, item=str),
    },
    "features": {
        "words": Field(bool, True),
        "chars": Field(bool, False),
        "word_ngram_range": Field(list, [1, 2], item=int, length=2, min=1),
        "char_ngram_range": Field(list, [3, 5], item=int, length=2, min=1),
        "min_df": Field(int, 1, min=1),
        "max_df": Field(float, 1.0, min=0.0, max=1.0),
        "max_features": Field(int, 0, min=0),  # 0: no limit
        "sublinear_tf": Field(bool, True),
        "engine": Field(str, "sklearn", choices=("sklearn", "cached")),  # see experiments/corpus/engine.py
    },
    "topics": {  # experiments/topics/step.py and the modules it calls
        "method": Field(str, "kmeans", choices=("kmeans", "minibatch_kmeans", "agglomerative", "nmf")),
        "representation": Field(str, "tfidf", choices=("tfidf", "lsa")),
        "n_components": Field(int, 100, min=1),      # LSA size (clipped to the matrix on small corpora)
        "normalize": Field(bool, True),              # LSA rows rescaled to unit length
        "n_clusters": Field(int, 4, min=2),          # used when k_rule = "fixed"
        "k_rule": Field(str, "fixed", choices=("fixed", "silhouette", "calinski_harabasz", "davies_bouldin",
                                              "stability")),
        "k_min_stability": Field(float, 0.0, min=0.0, max=1.0),  # the rule chooses among k this stable (ARI)
        "k_min": Field(int, 2, min=2),               # the k sweep (skipped when k_min = k_max)
        "k_max": Field(int, 8, min=2),
        "n_seeds": Field(int, 5, min=1),             # seeds random_state, random_state + 1, ...
        # One partition from the seeds' partitions (experiments/topics/consensus.py); "none": the first seed's
        "consensus": Field(str, "none", choices=("none", "coassociation", "medoid", "objective")),
        "consensus_n_init": Field(int, 10, min=1),   # k-means starts on the co-association rows
        "init": Field(str, "k-means++", choices=("k-means++", "random")),
        "n_init": Field(int, 10, min=1),
        "max_iter": Field(int, 300, min=1),
        "batch_size": Field(int, 1024, min=1),       # minibatch_kmeans
        "linkage": Field(str, "ward", choices=("ward", "average", "complete", "single")),
        "metric": Field(str, "euclidean", choices=("euclidean", "cosine")),  # agglomerative
        "agglomerative_max_samples": Field(int, 5000, min=2),
        "nmf_init": Field(str, "nndsvda", choices=("nndsvda", "nndsvd", "nndsvdar", "random")),
        "nmf_beta_loss": Field(str, "frobenius", choices=("frobenius", "kullback-leibler")),
        "nmf_alpha_W": Field(float, 0.0, min=0.0),
        "nmf_l1_ratio": Field(float, 0.0, min=0.0, max=1.0),
        "silhouette_metric": Field(str, "cosine", choices=("cosine", "euclidean")),
        "silhouette_sample_size": Field(int, 0, min=0),  # 0: every segment
        "score_against": Field(list, [], item=str),  # "labels", "source": used only to score
        "n_top_terms": Field(int, 10, min=1),
        "n_representative": Field(int, 3, min=1),
        "map_method": Field(str, "svd", choices=("svd", "tsne")),
        "tsne_perplexity": Field(float, 30.0, min=1.0),
        "share_by": Field(list, [], item=str),      # topic share per value of these columns too (decade...)
        "share_max_keys": Field(int, 30, min=1),   # share figures: the values with most segments
        "bootstrap_resamples": Field(int, 1000, min=0),  # intervals of topic x stance and topic over time
        "confidence": Field(float, 0.95, min=0.5, max=0.999),
    },
    "stance": {
        "labels": Field(list, LABELS, item=str),
        "none_label": Field(str, "none"),          # the no-stance label
        "keep_none": Field(bool, True),            # false: segments labelled none_label are left out
        "headline_labels": Field(list, [], item=str),  # classes averaged in the headline macro-F1; []: all
        "models": Field(list, list(MODELS), item=str, choices=MODELS),
        "baselines": Field(list, list(BASELINES), item=str, choices=BASELINES),
        "final_model": Field(str, "logreg", choices=MODELS),  # refit on all labelled data and saved
        "probability": Field(str, "temperature", choices=("temperature", "softmax")),  # models without proba
        "per_group_column": Field(str, ""),        # one model per value of this column; "": one model
        "n_top_ngrams": Field(int, 10, min=1),     # n-grams per stance (figure) and per prediction
        "bootstrap_resamples": Field(int, 1000, min=0),
        "confidence": Field(float, 0.95, min=0.5, max=0.999),
        "learning_curve_sizes": Field(list, [0.2, 0.4, 0.6, 0.8, 1.0], item=float, min=0.01, max=1.0),
        "learning_curve_protocol": Field(str, "repeated_cv", choices=PROTOCOLS),
        # Predicted stance share of every corpus segment per value of these columns
        # (experiments/stance/corpus_shares.py)
        "share_by": Field(list, [], item=str),
        "share_max_keys": Field(int, 30, min=1),   # share figures: the values with most segments
    },
    "evaluation": {
        "protocols": Field(list, ["grouped_cv", "repeated_cv"], item=str, choices=PROTOCOLS),
        "group_column": Field(str, "group"),       # segments sharing a value stay in one fold; "group":
                                                   # [corpus] group_column, else the article
        "max_leave_one_out_groups": Field(int, 10, min=2),  # more groups: StratifiedGroupKFold(n_splits)
        "n_splits": Field(int, 3, min=2),
        "n_repeats": Field(int, 5, min=1),
        "split_column": Field(str, "split"),       # fixed_split: column whose test_value marks test rows
        "test_value": Field(str, "test"),
        "test_documents": Field(list, [], item=str),  # fixed_split by files: these documents are the test set
        "small_class": Field(str, "reduce_splits", choices=("reduce_splits", "drop_class", "error")),
        "search": Field(bool, True),               # nested grid search inside each training fold
        "inner_splits": Field(int, 2, min=2),
    },
    "logreg": {
        "C": Field(float, 1.0, min=1e-6),
        "C_grid": Field(list, [0.1, 1.0, 10.0], item=float, min=1e-6),
        "class_weight": Field(str, "balanced", choices=("balanced", "none")),
        "max_iter": Field(int, 2000, min=1),
    },
    "linear_svm": {
        "C": Field(float, 1.0, min=1e-6),
        "C_grid": Field(list, [0.1, 1.0, 10.0], item=float, min=1e-6),
        "class_weight": Field(str, "balanced", choices=("balanced", "none")),
        "max_iter": Field(int, 5000, min=1),
    },
    "complement_nb": {
        "alpha": Field(float, 0.5, min=1e-6),
        "alpha_grid": Field(list, [0.1, 0.5, 1.0], item=float, min=1e-6),
        "norm": Field(bool, False),
    },
    "sgd": {
        "loss": Field(str, "modified_huber", choices=("hinge", "log_loss", "modified_huber")),
        "alpha": Field(float, 1e-4, min=1e-9),
        "alpha_grid": Field(list, [1e-5, 1e-4, 1e-3], item=float, min=1e-9),
        "penalty": Field(str, "l2", choices=("l2", "l1", "elasticnet")),
        "class_weight": Field(str, "balanced", choices=("balanced", "none")),
        "max_iter": Field(int, 1000, min=1),
        "tol": Field(float, 1e-4, min=0.0),
    },
    "keywords": {  # cue lists of the keyword baseline, one per codebook label (experiments/stance/cues.py)
        **{label: Field(list, CODEBOOK_CUES[label], item=str) for label in LABELS},
        "default_label": Field(str, "none"),       # predicted when no cue matches
    },
    "annotate": {  # `stancelab annotate sample`: how sheets are drawn and what they show
        "sheet_columns": Field(list, [], item=str),  # metadata columns on the sheet; [] = all
        "stratify_by": Field(str, ""),               # column whose values are the strata of `stratified`
        "uncertainty": Field(str, "least_confident", choices=("least_confident", "margin", "target")),
        "target_label": Field(str, ""),               # uncertainty = "target": the label to find more of
        "n_clusters": Field(int, 10, min=2),          # `diverse`: k-means clusters of the pool
        "n_components": Field(int, 100, min=2),       # `diverse`: LSA dimensions before k-means
        "n_init": Field(int, 10, min=1),
        "model": Field(str, "", choices=("", *MODELS)),  # `uncertainty`: the model queried; "": [stance] final_model
    },
    "benchmark": {  # a published figure the run is printed beside (topics step)
        "source": Field(str, ""),
        "v_measure": Field(float, 0.0, min=0.0, max=1.0),
        "v_measure_std": Field(float, 0.0, min=0.0),
        "ari": Field(float, 0.0, min=-1.0, max=1.0),
    },
    "selection": {  # experiments/topics/selection.py: candidate [topics]/[features] settings scored without labels
        "candidates": Field(list, [""], item=str),   # each "section.key=value; ..." ("" = this config)
        "criterion": Field(str, "silhouette_common", choices=("silhouette_common", "stability")),
        "n_clusters": Field(int, 4, min=2),
        "random_state": Field(int, 100, min=0, max=2**31 - 1),  # seeds apart from the scoring run's
        "n_seeds": Field(int, 5, min=1),
    },
}
# An experiment runs the steps whose section is present.
OPTIONAL_SECTIONS = {"topics", "stance", "annotate", "benchmark", "selection"}
# Sections that belong to a step: filled (defaults written out) exactly when their step's section is present.
STEP_OF = {"evaluation": "stance", "logreg": "stance", "linear_svm": "stance", "complement_nb": "stance",
           "sgd": "stance", "keywords": "stance"}


def _where(file: str, section: str, key: str, overridden=()) -> str:
    """How an error names a key: by file and table, or by the --set that gave its value."""
    if (section, key) in overridden:
        return f"--set {section}.{key}"
    return f"{file}: [{section}] {key}"


def _check_value(value: Any, field: Field, where: str) -> Any:
    """Type and range check of one value; ints are accepted where floats are expected."""
    if field.type is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, field.type) or (isinstance(value, bool) and field.type is not bool):
        raise ConfigError(f"{where}: expected {field.type.__name__}, got {type(value).__name__} {value!r}")
    items = value if isinstance(value, list) else [value]
    for v in items if field.choices else ():
        if v not in field.choices:
            raise ConfigError(f"{where}: {v!r} is not one of {', '.join(map(str, field.choices))}")
    if field.item:
        for v in items:
            if not isinstance(v, field.item) or isinstance(v, bool):
                raise ConfigError(f"{where}: every item must be {field.item.__name__}, got {v!r}")
    if field.length is not None and len(value) != field.length:
        raise ConfigError(f"{where}: expected {field.length} values, got {len(value)}")
    for v in items:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if field.min is not None and v < field.min:
                raise ConfigError(f"{where}: {v} is below the minimum {field.min}")
            if field.max is not None and v > field.max:
                raise ConfigError(f"{where}: {v} is above the maximum {field.max}")
    return value


def _unknown(file: str, name: str, known, section: str | None = None) -> ConfigError:
    """An 'unknown key' error with the nearest known key as a suggestion."""
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    place = f"[{section}] {name}" if section else f"[{name}]"
    return ConfigError(f"{file}: unknown key {place}{hint}")


def validate(raw: dict, file: str = "config", base: Path = Path("."), overridden=()) -> dict:
    """Check `raw` against `SCHEMA` and fill defaults; paths are resolved against `base`.

    Illustration: validate({"experiment": {"name": "x"}, "corpus": {"path": "seeds"}})["segments"]["unit"]
             -> "sentence"
    """
    for section in raw:
        if section not in SCHEMA:
            raise _unknown("--set" if any(s == section for s, _ in overridden) else file, section, SCHEMA)
        if section in STEP_OF and STEP_OF[section] not in raw:
            raise ConfigError(f"{file}: [{section}] is set but there is no [{STEP_OF[section]}] section")
        if not isinstance(raw[section], dict):
            raise ConfigError(f"{file}: [{section}] must be a table")
    resolved = {}
    for section, fields in SCHEMA.items():
        if STEP_OF.get(section, section) in OPTIONAL_SECTIONS and STEP_OF.get(section, section) not in raw:
            continue
        given = raw.get(section, {})
        for key in given:
            if key not in fields:
                raise _unknown("--set" if (section, key) in overridden else file, key, fields, section)
        out = {}
        for key, field in fields.items():
            where = _where(file, section, key, overridden)
            if key not in given:
                if field.default is REQUIRED:
                    raise ConfigError(f"{where}: missing required key")
                out[key] = copy.deepcopy(field.default)
                continue
            out[key] = _check_value(given[key], field, where)
            if field.path and out[key] and not (base / out[key]).exists():
                raise ConfigError(f"{where}: file or folder not found: {out[key]}")
        resolved[section] = out
    check_consistency(resolved, file)
    from experiments.run.backend import check_scheduler  # imports dask only when a scheduler is set

    check_scheduler(resolved["experiment"]["scheduler"], _where(file, "experiment", "scheduler", overridden))
    if "selection" in resolved and "topics" not in resolved:
        raise ConfigError(f"{file}: [selection] changes a [topics] setting: add a [topics] table")
    if "topics" in resolved:
        check_topics(resolved, file)
        check_share_by(resolved, "topics", file)
    return resolved


NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def check_consistency(config: dict, file: str = "config") -> None:
    """Values that are each fine alone but impossible together (or as a folder name).

    Illustration: check_consistency({"experiment": {"name": "../x"}, ...}) -> ConfigError "... [experiment] name ..."
    """
    name = config["experiment"]["name"]
    if not NAME.fullmatch(name):
        raise ConfigError(f"{file}: [experiment] name {name!r} names the results folder: use letters, digits, "
                          "'_', '-', '.', starting with a letter or digit")
    f = config["features"]
    for key in ("word_ngram_range", "char_ngram_range"):
        if f[key][0] > f[key][1]:
            raise ConfigError(f"{file}: [features] {key} {f[key]}: the first value must not exceed the second")
    if not (f["words"] or f["chars"]):
        raise ConfigError(f"{file}: [features] words and chars are both false: set at least one to true")
    if "stance" in config:
        corpus = config["corpus"]
        if not (corpus["annotations"] or corpus["label_column"] or corpus["format"] == "folder_per_label"):
            raise ConfigError(f"{file}: [corpus] annotations is empty but [stance] needs labelled segments: "
                              "name a CSV with columns id,label (or a table's label_column)")
        labels = config["stance"]["labels"]
        if len(set(labels)) != len(labels) or len(labels) < 2:
            raise ConfigError(f"{file}: [stance] labels {labels}: need at least two labels, each once")
        check_stance(config, file)
        check_share_by(config, "stance", file)


def _check_subset(values: list, allowed, where: str) -> None:
    """Every item of a list must be allowed, once."""
    for v in values:
        if v not in allowed:
            raise ConfigError(f"{where}: {v!r} is not one of {', '.join(map(str, allowed))}")
    if len(set(values)) != len(values):
        raise ConfigError(f"{where}: an item is repeated in {values}")


def check_stance(config: dict, file: str) -> None:
    """Checks across keys of the stance sections (lists drawn from a fixed set, labels that must exist)."""
    s, e = config["stance"], config["evaluation"]
    _check_subset(s["labels"], s["labels"], _where(file, "stance", "labels"))
    _check_subset(s["models"], MODELS, _where(file, "stance", "models"))
    _check_subset(s["baselines"], BASELINES, _where(file, "stance", "baselines"))
    _check_subset(e["protocols"], PROTOCOLS, _where(file, "evaluation", "protocols"))
    kept = [lab for lab in s["labels"] if s["keep_none"] or lab != s["none_label"]]
    _check_subset(s["headline_labels"], kept, _where(file, "stance", "headline_labels"))
    if len(kept) < 2:
        raise ConfigError(f"{_where(file, 'stance', 'labels')}: need at least two labels to classify, got {kept}")
    if not s["models"] and not s["baselines"]:
        raise ConfigError(f"{_where(file, 'stance', 'models')}: no model and no baseline to evaluate")
    if "fixed_split" in e["protocols"] and not (e["test_documents"] or e["split_column"]):
        raise ConfigError(f"{_where(file, 'evaluation', 'split_column')}: fixed_split needs split_column "
                          "or test_documents")


SEGMENT_COLUMNS = ("doc", "date", "source", "group", "split")


def check_share_by(config: dict, section: str, file: str) -> None:
    """`share_by` names segment fields or metadata columns the corpus will carry.

    Illustration: check_share_by({"corpus": {"metadata_columns": [], "decade_column": ""}, "stance":
             {"share_by": ["country"]}}, "stance", "x.toml") -> ConfigError "x.toml: [stance] share_by: ..."
    """
    c = config["corpus"]
    allowed = [*SEGMENT_COLUMNS, *c["metadata_columns"], *(["decade"] if c["decade_column"] else [])]
    _check_subset(config[section]["share_by"], allowed, _where(file, section, "share_by"))


def check_topics(resolved: dict, file: str) -> None:
    """Checks across [topics] keys that one key's type and range cannot express."""
    t = resolved["topics"]
    where = f"{file}: [topics]"
    if "selection" in resolved and t["score_against"]:
        raise ConfigError(f"{where} score_against: a [selection] run must not see labels; set []")
    for name in t["score_against"]:
        if name not in ("labels", "source"):
            raise ConfigError(f"{where} score_against: {name!r} is not one of labels, source")
    c = resolved["corpus"]
    if "labels" in t["score_against"] and not (c["annotations"] or c["label_column"]
                                                or c["format"] in ("folder_per_label", "newsgroups")):
        raise ConfigError(f"{where} score_against: 'labels' needs labelled segments: set [corpus] "
                          "annotations (or a table's label_column)")
    if t["k_min"] > t["k_max"]:
        raise ConfigError(f"{where} k_min: {t['k_min']} is above k_max {t['k_max']}")
    if t["method"] == "nmf" and t["representation"] != "tfidf":
        raise ConfigError(f"{where} representation: nmf factorises the TF-IDF itself; set 'tfidf'")
    if t["method"] == "agglomerative" and t["linkage"] == "ward" and t["metric"] != "euclidean":
        raise ConfigError(f"{where} metric: ward linkage needs 'euclidean'; use linkage = 'average'")


def parse_override(text: str) -> tuple[str, str, Any]:
    """`section.key=value` with a TOML value; a bare word is taken as a string.

    Illustration: parse_override("topics.n_clusters=5") -> ("topics", "n_clusters", 5)
    """
    if "=" not in text or "." not in text.split("=", 1)[0]:
        raise ConfigError(f"--set {text}: expected section.key=value, e.g. topics.n_clusters=5")
    dotted, value = text.split("=", 1)
    section, key = dotted.strip().split(".", 1)
    try:
        parsed = tomllib.loads(f"v = {value.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value.strip()
    return section, key, parsed


def load(path: str | Path, overrides: list[str] = (), base: Path = Path(".")) -> dict:
    """Read, override and validate one config file.

    Illustration: load("experiments/configs/seeds_stance.toml", ["logreg.C=10"])["logreg"]["C"] -> 10.0
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found; check the path (examples: experiments/configs/)")
    data = path.read_bytes()
    try:
        raw = tomllib.loads(data.decode("utf-8-sig"))  # a BOM (Windows Notepad) is not part of the TOML
    except UnicodeDecodeError as err:  # TOML files are UTF-8 by definition
        line = data[: err.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 (byte 0x{data[err.start]:02x}); save it as UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"^(.*) \(at line (\d+), column \d+\)$", str(err))
        where, why = (f"{path}:{m.group(2)}", m.group(1)) if m else (str(path), str(err))
        raise ConfigError(f"{where}: not valid TOML ({why}); fix that line: text values need quotes, "
                          "section names [brackets]") from None
    overridden = set()
    for text in overrides:
        section, key, value = parse_override(text)
        if not isinstance(raw.setdefault(section, {}), dict):
            raise ConfigError(f"--set {text}: [{section}] is not a table in {path}")
        raw[section][key] = value
        overridden.add((section, key))
    return validate(raw, str(path), base, overridden)
