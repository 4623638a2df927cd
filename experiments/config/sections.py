"""The typed sections of a config: one frozen dataclass per TOML table, its keys the fields.

Each field carries its default and constraints (choices, min, max, path) as `dataclasses.field` metadata
(`features.settings.setting`); a list is a tuple here (immutable) and the item type and length come from
the annotation (`tuple[int, int]`: two ints). [preprocess] and [features] are the settings objects the
steps use (`TextSettings`, `FeatureSettings`, declared in features/), not conversions of a table.
Illustration: Topics(n_clusters=5).k_rule -> "fixed"
"""
from __future__ import annotations

from dataclasses import dataclass

from experiments.config.model_sections import BASE_MODELS, MODELS
from experiments.stance.cues import CODEBOOK_CUES
from features.settings import setting
from features.text.language import TextSettings
from features.tfidf.settings import FeatureSettings

LABELS = ["deterrence", "escalation", "reassurance", "none"]
BASELINES = ("majority", "stratified", "keyword")
PROTOCOLS = ("grouped_cv", "repeated_cv", "fixed_split")
# Negations kept out of the stop-word list by default, per [corpus] language (a stance often turns on them):
# a config that leaves keep_words out gets its language's (resolved.corpus_defaults).
NEGATIONS = {"fr": ("ne", "pas", "aucun", "aucune", "jamais", "sans", "ni"),
             "en": ("no", "not", "never", "without", "nor")}
# [segments] unit when the config leaves it out, by [corpus] format: a table row, a labelled file or a
# newsgroup message is one unit; an article folder is cut into sentences (resolved.corpus_defaults).
UNIT_OF_FORMAT = {"folder": "sentence", "table": "document", "folder_per_label": "document", "newsgroups": "document"}


@dataclass(frozen=True, kw_only=True)
class Experiment:
    """[experiment]"""

    name: str = setting()
    description: str = setting("")
    random_state: int = setting(0, min=0, max=2**31 - 1)  # numpy seeds stop at 2**32 - 1; room for +i
    n_jobs: int = setting(1, min=1)
    cache_dir: str = setting(".cache")  # tokenised corpora (engine "cached"); "" : no cache
    scheduler: str = setting("")        # "": folds run here; "tcp://host:port": on that Dask scheduler's
                                        # workers (experiments/run/backend.py; extra `dask`)


@dataclass(frozen=True, kw_only=True)
class Corpus:
    """[corpus]"""

    format: str = setting("folder", choices=("folder", "table", "folder_per_label", "newsgroups"))
    path: str = setting(path=True)
    language: str = setting("fr", choices=("fr", "en"))
    annotations: str = setting("", path=True)
    unannotated: str = setting("error", choices=("error", "unlabelled", "drop"))  # segments the file does not label
    # Tables and folder-per-label collections (see features/read/tables.py, features/read/labelled_folders.py):
    test_path: str = setting("", path=True)     # a separate test table or collection
    member: str = setting("")                   # folder inside path (or its archive) holding the labels
    test_member: str = setting("")              # the same for the test documents
    encoding: str = setting("auto")             # auto: UTF-8, else cp1252 with a warning
    delimiter: str = setting("")                # "": by suffix (.csv ",", .tsv "\t")
    header: bool = setting(True)
    columns: tuple[str, ...] = setting([])       # column names of a table without header
    quoting: str = setting("standard", choices=("standard", "none"))
    text_columns: tuple[str, ...] = setting(["text"])
    label_column: str = setting("")
    id_columns: tuple[str, ...] = setting([])    # [] : id = "<file stem>:<line>"
    id_separator: str = setting("_")
    group_column: str = setting("")
    split_column: str = setting("")             # values "train" / "test"
    date_column: str = setting("")
    source_column: str = setting("")
    metadata_columns: tuple[str, ...] = setting([])
    decade_column: str = setting("")            # a year column -> metadata "decade" ("1990s")
    filter_column: str = setting("")            # folder_per_label: the label
    keep_values: tuple[str, ...] = setting([])
    drop_values: tuple[str, ...] = setting([])
    labels: tuple[str, ...] = setting([])        # [] : the [stance] labels when there is one
    on_invalid: str = setting("error", choices=("error", "skip"))
    # format = "newsgroups" (features/read/newsgroups.py): groups, subsets, metadata removed:
    categories: tuple[str, ...] = setting([])  # [] = all
    subsets: tuple[str, ...] = setting(["train", "test"], choices=("train", "test"))
    remove: tuple[str, ...] = setting(["headers", "footers", "quotes"], choices=("headers", "footers", "quotes"))


@dataclass(frozen=True, kw_only=True)
class Segments:
    """[segments] (left out: `unit` follows [corpus] format, UNIT_OF_FORMAT; the run's config.toml shows it)"""

    unit: str = setting("sentence", choices=("sentence", "paragraph", "document"))


@dataclass(frozen=True, kw_only=True)
class Preprocess(TextSettings):
    """[preprocess]: `TextSettings` itself (its `language` filled from [corpus]); the language's negations are
    kept by default (NEGATIONS), because "aucun", "not" carry stance."""

    keep_words: tuple[str, ...] = setting(NEGATIONS["fr"])  # left out: NEGATIONS of the [corpus] language


Features = FeatureSettings  # [features]: the TF-IDF settings as features/tfidf/settings.py declares them


@dataclass(frozen=True, kw_only=True)
class Topics:
    """[topics] experiments/topics/step.py and the modules it calls"""

    method: str = setting("kmeans", choices=("kmeans", "minibatch_kmeans", "agglomerative", "nmf"))
    representation: str = setting("tfidf", choices=("tfidf", "lsa"))
    n_components: int = setting(100, min=1)      # LSA size (clipped to the matrix on small corpora)
    normalize: bool = setting(True)              # LSA rows rescaled to unit length
    n_clusters: int = setting(4, min=2, max=10_000)  # used when k_rule = "fixed"
    k_rule: str = setting("fixed", choices=("fixed", "silhouette", "calinski_harabasz", "davies_bouldin",
                                           "stability"))
    k_min_stability: float = setting(0.0, min=0.0, max=1.0)  # the rule chooses among k this stable (ARI)
    k_min: int = setting(2, min=2)               # the k sweep (skipped when k_min = k_max)
    k_max: int = setting(8, min=2, max=1000)
    n_seeds: int = setting(5, min=1, max=1000)  # seeds random_state, random_state + 1, ...
    # One partition from the seeds' partitions (experiments/topics/consensus.py); "none": the first seed's
    consensus: str = setting("none", choices=("none", "coassociation", "medoid", "objective"))
    consensus_n_init: int = setting(10, min=1, max=1000)  # k-means starts on the co-association rows
    # Guided topics (experiments/topics/guided.py): the first k-means centroids start at these word lists
    seed_words: tuple[tuple[str, ...], ...] = setting([])
    init: str = setting("k-means++", choices=("k-means++", "random"))
    n_init: int = setting(10, min=1, max=1000)
    max_iter: int = setting(300, min=1, max=100_000)
    batch_size: int = setting(1024, min=1)       # minibatch_kmeans
    linkage: str = setting("ward", choices=("ward", "average", "complete", "single"))
    metric: str = setting("euclidean", choices=("euclidean", "cosine"))  # agglomerative
    agglomerative_max_samples: int = setting(5000, min=2, max=20_000)  # 20,000 rows: 3.2 GB of pairwise distances
    nmf_init: str = setting("nndsvda", choices=("nndsvda", "nndsvd", "nndsvdar", "random"))
    nmf_beta_loss: str = setting("frobenius", choices=("frobenius", "kullback-leibler"))
    nmf_alpha_W: float = setting(0.0, min=0.0)
    nmf_l1_ratio: float = setting(0.0, min=0.0, max=1.0)
    # from each seed's partition, on the TF-IDF rows (experiments/topics/refine.py; terms: cluster means)
    refine: str = setting("none", choices=("none", "naive_bayes", "soft_naive_bayes"))
    silhouette_metric: str = setting("cosine", choices=("cosine", "euclidean"))
    silhouette_sample_size: int = setting(0, min=0)  # 0: every segment
    score_against: tuple[str, ...] = setting([])  # "labels", "source": used only to score
    n_top_terms: int = setting(10, min=1, max=100)  # each is a bar of the terms figure
    n_representative: int = setting(3, min=1, max=100)
    map_method: str = setting("svd", choices=("svd", "tsne"))
    tsne_perplexity: float = setting(30.0, min=1.0)
    share_by: tuple[str, ...] = setting([])      # topic share per value of these columns too (decade...)
    share_max_keys: int = setting(30, min=1)   # share figures: the values with most segments
    bootstrap_resamples: int = setting(1000, min=0, max=100_000)  # intervals of topic x stance and topic over time
    confidence: float = setting(0.95, min=0.5, max=0.999)


@dataclass(frozen=True, kw_only=True)
class Stance:
    """[stance]"""

    labels: tuple[str, ...] = setting(LABELS)
    none_label: str = setting("none")          # the no-stance label
    keep_none: bool = setting(True)            # false: segments labelled none_label are left out
    headline_labels: tuple[str, ...] = setting([])  # classes averaged in the headline macro-F1; []: all
    models: tuple[str, ...] = setting(list(BASE_MODELS), choices=MODELS)  # the soft vote only when asked
    baselines: tuple[str, ...] = setting(list(BASELINES), choices=BASELINES)
    # refit (on the rows final_fit names) and saved; "best": the model and setting chosen on inner folds, as
    # the `selected` row of every score table (experiments/stance/select.py)
    final_model: str = setting("logreg", choices=(*MODELS, "best"))
    # rows of the refit: "train" = every labelled row but a fixed split's test rows, "all" = every labelled
    # row (test rows included), "none" = no refit, no model saved (experiments/stance/final.py)
    final_fit: str = setting("train", choices=("train", "all", "none"))
    headline_name: str = setting("")           # the headline score's name; "": "macro-F1 over <labels>"
    probability: str = setting("temperature", choices=("temperature", "softmax"))  # models without proba
    # a rare class is then predicted more often when that pays on inner folds (experiments/stance/offsets.py)
    class_offsets: bool = setting(False)
    per_group_column: str = setting("")        # one model per value of this column; "": one model
    n_top_ngrams: int = setting(10, min=1, max=100)  # n-grams per stance (figure) and per prediction
    bootstrap_resamples: int = setting(1000, min=0, max=100_000)
    confidence: float = setting(0.95, min=0.5, max=0.999)
    # a curve fits every model once per size and fold: only when asked
    learning_curve_sizes: tuple[float, ...] = setting([], min=0.01, max=1.0, max_items=20)
    # "": the first [evaluation] protocol; under a fixed split the curve trains on its training rows only
    learning_curve_protocol: str = setting("", choices=("", *PROTOCOLS))
    # Predicted stance share of every corpus segment per value of these columns (experiments/stance/corpus_shares.py)
    share_by: tuple[str, ...] = setting([])
    share_max_keys: int = setting(30, min=1)   # share figures: the values with most segments


@dataclass(frozen=True, kw_only=True)
class Evaluation:
    """[evaluation]"""

    protocols: tuple[str, ...] = setting(["grouped_cv", "repeated_cv"], choices=PROTOCOLS)
    group_column: str = setting("group")       # segments sharing a value stay in one fold; "group":
                                               # [corpus] group_column, else the article
    max_leave_one_out_groups: int = setting(10, min=2, max=1000)  # more groups: StratifiedGroupKFold(n_splits)
    n_splits: int = setting(3, min=2, max=100)
    n_repeats: int = setting(5, min=1, max=100)
    split_column: str = setting("split")       # fixed_split: column whose test_value marks test rows
    test_value: str = setting("test")
    test_documents: tuple[str, ...] = setting([])  # fixed_split by files: these documents are the test set
    small_class: str = setting("reduce_splits", choices=("reduce_splits", "drop_class", "error"))
    search: bool = setting(True)               # nested grid search inside each training fold
    inner_splits: int = setting(2, min=2, max=20)
    # identical prepared texts (experiments/stance/groups.py): "group" keeps them in one fold (a fixed split's on
    # its test side), "drop" keeps the first of them, "keep" leaves them where the folds put them; each protocol
    # counts those across folds
    duplicates: str = setting("group", choices=("group", "keep", "drop"))


@dataclass(frozen=True, kw_only=True)
class Keywords:
    """[keywords] cue lists of the keyword baseline, one per codebook label (experiments/stance/cues.py);
    any other [stance] label takes its own, `FAVOR = ["support", ...]`, kept in `extra_cues`.

    >>> Keywords(extra_cues=(("FAVOR", ("support",)),)).cues()["FAVOR"]
    ('support',)
    """

    deterrence: tuple[str, ...] = setting(CODEBOOK_CUES["deterrence"])
    escalation: tuple[str, ...] = setting(CODEBOOK_CUES["escalation"])
    reassurance: tuple[str, ...] = setting(CODEBOOK_CUES["reassurance"])
    none: tuple[str, ...] = setting(CODEBOOK_CUES["none"])
    default_label: str = setting("none")       # predicted when no cue matches
    # (label, cues) of the [stance] labels outside the codebook, read from keys named as those labels
    extra_cues: tuple[tuple[str, tuple[str, ...]], ...] = setting((), key=False)

    def cues(self) -> dict[str, tuple[str, ...]]:
        """Every label's cue list: the codebook labels', then the others' in the config's order."""
        return {**{lab: getattr(self, lab) for lab in CODEBOOK_CUES}, **dict(self.extra_cues)}


@dataclass(frozen=True, kw_only=True)
class Annotate:
    """[annotate] `stancelab annotate sample`: how sheets are drawn and what they show"""

    sheet_columns: tuple[str, ...] = setting([])  # metadata columns on the sheet; [] = all
    stratify_by: str = setting("")               # column whose values are the strata of `stratified`
    uncertainty: str = setting("least_confident", choices=("least_confident", "margin", "target"))
    target_label: str = setting("")               # uncertainty = "target": the label to find more of
    n_clusters: int = setting(10, min=2, max=10_000)  # `diverse`: k-means clusters of the pool
    n_components: int = setting(100, min=2)       # `diverse`: LSA dimensions before k-means
    n_init: int = setting(10, min=1, max=1000)
    model: str = setting("", choices=("", *MODELS))  # `uncertainty`: the model queried; "": [stance] final_model


@dataclass(frozen=True, kw_only=True)
class Benchmark:
    """[benchmark] a published figure the run is printed beside (topics step)"""

    source: str = setting("")
    v_measure: float = setting(0.0, min=0.0, max=1.0)
    v_measure_std: float = setting(0.0, min=0.0)
    ari: float = setting(0.0, min=-1.0, max=1.0)


@dataclass(frozen=True, kw_only=True)
class Selection:
    """[selection] experiments/topics/selection.py: candidate [topics]/[features] settings scored without labels"""

    candidates: tuple[str, ...] = setting([""], max_items=200)   # each "section.key=value; ..." ("" = this config)
    criterion: str = setting("silhouette_common", choices=("silhouette_common", "stability"))
    n_clusters: int = setting(4, min=2, max=10_000)
    random_state: int = setting(100, min=0, max=2**31 - 1)  # seeds apart from the scoring run's
    n_seeds: int = setting(5, min=1, max=1000)
