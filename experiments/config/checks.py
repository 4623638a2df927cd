"""Checks across keys: values that are each fine alone but impossible together (or as a folder name).

Each check reads a built `Config` and raises a one-line `ConfigError` naming the file and the key.
"""
from __future__ import annotations

import re

from experiments.config.budget import MAX_FITS, clusterings, model_fits
from experiments.config.fields import fields_of, where
from experiments.config.model_sections import BASE_MODELS, GRIDS
from experiments.config.sections import BASELINES, MODELS, PROTOCOLS, Corpus
from features.errors import ConfigError

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
SEGMENT_COLUMNS = ("doc", "date", "source", "group", "split")


def check_consistency(config, file: str = "config") -> None:
    """Values that are each fine alone but impossible together (or as a folder name).

    Illustration: check_consistency(<config with [experiment] name "../x">) -> ConfigError "... [experiment] name ..."
    """
    name = config.experiment.name
    if not NAME.fullmatch(name):
        raise ConfigError(f"{file}: [experiment] name {name!r} names the results folder: use letters, digits, "
                          "'_', '-', '.', starting with a letter or digit")
    check_corpus(config.corpus, file)
    f = config.features
    for key in ("word_ngram_range", "char_ngram_range"):
        low, high = getattr(f, key)
        if low > high:
            raise ConfigError(f"{file}: [features] {key} {[low, high]}: the first value must not exceed the second")
    if not (f.words or f.chars):
        raise ConfigError(f"{file}: [features] words and chars are both false: set at least one to true")
    if f.cue_counts and f.engine != "sklearn":
        raise ConfigError(f"{file}: [features] cue_counts = true needs engine = \"sklearn\" (the cues are "
                          "counted in the prepared text, which engine \"cached\" does not keep)")
    if config.stance is not None:
        corpus = config.corpus
        if not (corpus.annotations or corpus.label_column or corpus.format in ("folder_per_label", "newsgroups")):
            raise ConfigError(f"{file}: [corpus] annotations is empty but [stance] needs labelled segments: "
                              "name a CSV with columns id,label (or a table's label_column)")
        labels = list(config.stance.labels)
        if corpus.format == "newsgroups" and not corpus.annotations:  # the groups are the labels
            outside = [g for g in corpus.categories if g not in labels]
            if outside or not corpus.categories:
                why = f"{outside[0]!r} is not one of" if outside else "[] reads all 20 groups, not only"
                raise ConfigError(f"{where(file, 'corpus', 'categories')}: the newsgroups are the stance labels, "
                                  f"and {why} [stance] labels {labels}; name the groups in categories and the "
                                  "same names in [stance] labels")
        if len(set(labels)) != len(labels) or len(labels) < 2 or not all(lab.strip() for lab in labels):
            raise ConfigError(f"{file}: [stance] labels {labels}: need at least two labels, each once, none blank")
        check_stance(config, file)
        check_share_by(config, "stance", file)


def check_corpus(c, file: str) -> None:
    """[corpus] keys the readers hand to Python as they are: a text codec, a one-character delimiter, column
    names given once, so that a bad value is named here rather than failing inside the csv or codecs module.

    Illustration: check_corpus(<[corpus] delimiter = ";;">, "x.toml") -> ConfigError "x.toml: [corpus] delimiter …"
    """
    if c.encoding != "auto":
        try:
            "".encode(c.encoding)  # LookupError for unknown codecs and for base64, rot13 (not text encodings)
        except LookupError:
            raise ConfigError(f"{where(file, 'corpus', 'encoding')}: unknown encoding {c.encoding!r} (or not a "
                              "text encoding); use auto, utf-8, cp1252, latin-1...") from None
        if c.format != "table" and "\n".encode(c.encoding) != b"\n":  # UTF-16, UTF-32: two or four bytes
            raise ConfigError(f"{where(file, 'corpus', 'encoding')}: {c.encoding!r}: article files are cut into "
                              "lines as bytes, which this encoding's line ends are not; save them as UTF-8")
    if c.delimiter and (len(c.delimiter) != 1 or c.delimiter in '\r\n"'):
        raise ConfigError(f"{where(file, 'corpus', 'delimiter')}: {c.delimiter!r}: a delimiter is one character, "
                          "not a quote or a line end (e.g. \",\", \";\", \"\\t\"); \"\": by the file's suffix")
    if c.format in ("folder", "newsgroups") and (c.test_path or c.test_member):  # read by tables, label folders
        raise ConfigError(f"{where(file, 'corpus', 'test_path')}: a separate test set is read for format = "
                          "\"table\" or \"folder_per_label\"; for a folder of articles use [evaluation] test_documents")
    check_format_keys(c, file)
    if c.format == "table" and not c.text_columns:  # every row would read as empty text
        raise ConfigError(f"{where(file, 'corpus', 'text_columns')}: empty; name the column(s) holding the text")
    for key in ("columns", "text_columns", "id_columns", "metadata_columns"):  # a text column twice: its text twice
        if len(set(names := getattr(c, key))) != len(names):
            raise ConfigError(f"{where(file, 'corpus', key)}: a name is repeated in {list(names)}; name each "
                              "column once")


# [corpus] keys that only some formats read (the others leave them unread, so a value there changed nothing)
TABLE_ONLY = ("delimiter", "header", "columns", "quoting", "text_columns", "label_column", "id_columns",
              "id_separator", "group_column", "split_column", "date_column", "source_column", "metadata_columns",
              "decade_column", "filter_column")
READ_BY = {**dict.fromkeys(TABLE_ONLY, ("table",)), **dict.fromkeys(("member", "test_member"), ("folder_per_label",)),
           **dict.fromkeys(("keep_values", "drop_values", "on_invalid"), ("table", "folder_per_label")),
           **dict.fromkeys(("categories", "subsets", "remove"), ("newsgroups",)),
           "encoding": ("folder", "table", "folder_per_label")}


def check_format_keys(c, file: str) -> None:
    """A [corpus] key set to another value than its default for a format that does not read it is an error,
    as is a table's keep_values or drop_values without the filter_column they apply to.

    Illustration: check_format_keys(<[corpus] format = "folder", keep_values = ["a"]>, "x.toml")
             -> ConfigError("x.toml: [corpus] keep_values: read only for format = \"table\" or …")
    """
    defaults = fields_of(Corpus)
    for key, formats in READ_BY.items():
        if c.format not in formats and getattr(c, key) != _default(defaults[key].default):
            read = " or ".join(f'"{f}"' for f in formats)
            raise ConfigError(f"{where(file, 'corpus', key)}: read only for format = {read}, and this corpus is "
                              f"\"{c.format}\"; remove the key (or set the format)")
    if c.format == "table" and (c.keep_values or c.drop_values) and not c.filter_column:
        raise ConfigError(f"{where(file, 'corpus', 'filter_column')}: empty, so keep_values and drop_values select "
                          "nothing; name the column whose values they are")


def _default(value):
    """A default as the section holds it (a list as a tuple)."""
    return tuple(value) if isinstance(value, list) else value


def check_subset(values, allowed, place: str) -> None:
    """Every item of a list must be allowed, once."""
    for v in values:
        if v not in allowed:
            raise ConfigError(f"{place}: {v!r} is not one of {', '.join(map(str, allowed))}")
    if len(set(values)) != len(values):
        raise ConfigError(f"{place}: an item is repeated in {list(values)}")


def check_stance(config, file: str) -> None:
    """Checks across keys of the stance sections (lists drawn from a fixed set, labels that must exist)."""
    s, e = config.stance, config.evaluation
    check_subset(s.labels, s.labels, where(file, "stance", "labels"))
    check_subset(s.models, MODELS, where(file, "stance", "models"))
    check_subset(s.baselines, BASELINES, where(file, "stance", "baselines"))
    check_subset(e.protocols, PROTOCOLS, where(file, "evaluation", "protocols"))
    if not s.keep_none and s.none_label not in s.labels:  # keep_none = false would leave nothing out
        raise ConfigError(f"{where(file, 'stance', 'none_label')}: {s.none_label!r} is not one of the labels "
                          f"{list(s.labels)}, so keep_none = false would leave out nothing")
    cues = config.keywords.cues() if config.keywords is not None else {}
    if blank := [label for label, words in cues.items() if not all(w.strip() for w in words)]:
        raise ConfigError(f"{where(file, 'keywords', blank[0])}: an empty or blank cue matches every text; "
                          "remove it")
    if not e.protocols:  # a stance run would report no score at all
        raise ConfigError(f"{where(file, 'evaluation', 'protocols')}: empty; name at least one of "
                          f"{', '.join(PROTOCOLS)}")
    kept = [lab for lab in s.labels if s.keep_none or lab != s.none_label]
    check_subset(s.headline_labels, kept, where(file, "stance", "headline_labels"))
    if len(kept) < 2:
        raise ConfigError(f"{where(file, 'stance', 'labels')}: need at least two labels to classify, got {kept}")
    if s.final_model == "best" and not s.models:
        raise ConfigError(f"{where(file, 'stance', 'final_model')}: \"best\" chooses among [stance] models, "
                          "and there are none")
    if s.final_fit == "none" and s.share_by:
        raise ConfigError(f"{where(file, 'stance', 'share_by')}: the shares are predicted by the final model, and "
                          "final_fit = \"none\" fits none; set share_by = [] or final_fit = \"train\"")
    if not s.models and not s.baselines:
        raise ConfigError(f"{where(file, 'stance', 'models')}: no model and no baseline to evaluate")
    if e.test_documents and "fixed_split" not in (*e.protocols, s.learning_curve_protocol):  # else unread
        raise ConfigError(f"{where(file, 'evaluation', 'test_documents')}: read by the fixed_split protocol only, "
                          "which [evaluation] protocols does not name; add it, or remove test_documents")
    if "fixed_split" in e.protocols and not (e.test_documents or e.split_column):
        raise ConfigError(f"{where(file, 'evaluation', 'split_column')}: fixed_split needs split_column "
                          "or test_documents")
    check_soft_vote(config, file)
    if (fits := model_fits(config)) > MAX_FITS:  # each key within its maximum, their product days of work
        raise ConfigError(f"{file}: [evaluation] and [stance] ask for about {fits:,} model fits (folds x models x "
                          f"grid values x inner folds), more than {MAX_FITS:,}; lower n_repeats, n_splits, "
                          "inner_splits or max_leave_one_out_groups, or give shorter grids or fewer models")


def check_soft_vote(config, file: str) -> None:
    """[soft_vote] members: two base models or more, each once, whose grids can be zipped (experiments/stance/
    models.py: setting i takes the i-th value of each grid), so of equal lengths but for one-value or empty grids.

    Illustration: check_soft_vote(<config with members ["logreg"]>, "x.toml")
             -> ConfigError "x.toml: [soft_vote] members: a soft vote averages two models or more, got ['logreg']"
    """
    members, place = config.soft_vote.members, where(file, "soft_vote", "members")
    check_subset(members, BASE_MODELS, place)
    if len(members) < 2:
        raise ConfigError(f"{place}: a soft vote averages two models or more, got {list(members)}")
    used = {*config.stance.models, config.stance.final_model, config.annotate.model if config.annotate else ""}
    if "soft_vote" not in used:  # its grid is never made: other models' grids keep any length
        return
    lengths = {m: len(getattr(config.model_params(m), GRIDS[m][1])) for m in members}
    if len({n for n in lengths.values() if n > 1}) > 1:
        raise ConfigError(f"{place}: the members' grids are zipped (setting i takes each grid's i-th value) and "
                          f"their lengths differ ({', '.join(f'{m} {n}' for m, n in lengths.items())}): give "
                          "them the same number of values (or one)")


def check_share_by(config, section: str, file: str) -> None:
    """`share_by` names segment fields or metadata columns the corpus will carry.

    Illustration: check_share_by(<config with [stance] share_by = ["country"] and no such column>, "stance", "x.toml")
             -> ConfigError "x.toml: [stance] share_by: 'country' is not one of doc, date, ..."
    """
    c = config.corpus
    allowed = [*SEGMENT_COLUMNS, *c.metadata_columns, *(["decade"] if c.decade_column else [])]
    check_subset(getattr(config, section).share_by, allowed, where(file, section, "share_by"))


def check_topics(config, file: str) -> None:
    """Checks across [topics] keys that one key's type and range cannot express."""
    t, c = config.topics, config.corpus
    place = f"{file}: [topics]"
    if config.selection is not None and t.score_against:
        raise ConfigError(f"{place} score_against: a [selection] run must not see labels; set []")
    for name in t.score_against:
        if name not in ("labels", "source"):
            raise ConfigError(f"{place} score_against: {name!r} is not one of labels, source")
    if "labels" in t.score_against and not (c.annotations or c.label_column
                                            or c.format in ("folder_per_label", "newsgroups")):
        raise ConfigError(f"{place} score_against: 'labels' needs labelled segments: set [corpus] "
                          "annotations (or a table's label_column)")
    if t.k_min > t.k_max:
        raise ConfigError(f"{place} k_min: {t.k_min} is above k_max {t.k_max}")
    if (starts := clusterings(config)) > MAX_FITS:  # n_seeds, n_init and k_max each allowed, their product not
        raise ConfigError(f"{place}: about {starts:,} clustering starts (n_seeds x n_init x k values, and the "
                          f"[selection] candidates'), more than {MAX_FITS:,}; lower n_seeds, n_init or k_max")
    smallest = max(100, t.n_clusters + 1, t.k_max + 1)  # fewer rows than clusters have no silhouette
    if 0 < t.silhouette_sample_size < smallest:
        raise ConfigError(f"{place} silhouette_sample_size: {t.silhouette_sample_size} segments are too few to "
                          f"score k up to {max(t.n_clusters, t.k_max)}; give 0 (every segment) or at least {smallest}")
    if t.method == "nmf" and t.representation != "tfidf":
        raise ConfigError(f"{place} representation: nmf factorises the TF-IDF itself; set 'tfidf'")
    if t.method == "agglomerative" and t.linkage == "ward" and t.metric != "euclidean":
        raise ConfigError(f"{place} metric: ward linkage needs 'euclidean'; use linkage = 'average'")
    check_seed_words(t, place)


def check_seed_words(t, place: str) -> None:
    """[topics] seed_words anchor k-means centroids: a k-means method, non-empty lists, fewer lists than any k.

    Illustration: check_seed_words(Topics(method="nmf", seed_words=(("test",),)), "x.toml: [topics]")
             -> ConfigError "x.toml: [topics] seed_words: ... set method = 'kmeans'"
    """
    if not t.seed_words:
        return
    if t.method not in ("kmeans", "minibatch_kmeans"):
        raise ConfigError(f"{place} seed_words: seed words set the first k-means centroids; method "
                          f"{t.method!r} has none: set method = 'kmeans' (or seed_words = [])")
    if not all(t.seed_words):
        raise ConfigError(f"{place} seed_words: an empty list anchors nothing; give each topic at least one word")
    ks = ([t.n_clusters] if t.k_rule == "fixed" else []) + ([t.k_min] if t.k_max > t.k_min else [])
    smallest = min(ks or [t.k_min])
    if len(t.seed_words) > smallest:
        raise ConfigError(f"{place} seed_words: {len(t.seed_words)} lists but k can be {smallest} "
                          f"(n_clusters, k_min): each list anchors its own topic; raise k_min or give fewer lists")
