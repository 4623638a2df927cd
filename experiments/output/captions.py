"""Numbered figure captions in words: what a figure of a run plots and what its bars and bands are.

A caption is chosen by the figure's file stem (the figure modules name their files); a stem this module does
not know keeps a caption built from its name, so a new figure is still numbered and captioned.
"""
from __future__ import annotations

import re

CAPTIONS = [  # (stem pattern, caption); {0} is the pattern's first group
    (r"stance_scores", "Macro-F1 of each model and baseline under each protocol, with 95% bootstrap intervals "
                       "over segments (out-of-fold predictions)."),
    (r"f1_(.+)", "Per-class F1 of each model and baseline under {0}, with 95% bootstrap intervals."),
    (r"confusion_(.+)", "Confusion matrix of each model and baseline under {0}: true labels in rows, predicted "
                        "labels in columns, each cell the share of its row."),
    (r"learning_curve", "Learning curve: macro-F1 on held-out folds against the number of training segments "
                        "of each model (left) and baseline (right) (line: mean over folds; band: ± one standard "
                        "deviation)."),
    (r"top_ngrams", "The n-grams with the largest weights of the final model for each class "
                    "(weights centred over classes)."),
    (r"stance_share_(.+)", "Share of each predicted stance per {0} over the whole corpus (final model)."),
    (r"topics_k_sweep", "Cluster-quality scores against the number of clusters k, mean ± std over seeds; "
                        "the chosen k is named in the title."),
    (r"topics_stability", "Agreement between seeds (pairwise adjusted Rand index) and scores of the clusters "
                          "against the corpus labels, mean ± std over seeds."),
    (r"topics_contingency_(.+)", "Clusters against {0}: each cell the number of the cluster's segments with that "
                                 "value, shaded by its share of the cluster."),
    (r"topics_map", "Two-dimensional map of the segments, coloured by cluster and by each reference column."),
    (r"topics_top_terms", "The highest-weighted terms of each cluster."),
    (r"topics_stance", "Stance labels of each topic's labelled passages, as shares with bootstrap intervals."),
    (r"topics_share_(.+)", "Topic share of the segments of each {0} (stacked bars)."),
    (r"topics_time_(.+)", "Topic share over {0}s, with bootstrap intervals (bands)."),
    (r"topics_benchmark", "Clustering scores of this run (mean ± std over seeds) beside the published figure."),
]


def caption(stem: str, number: int) -> str:
    """The numbered caption of a figure from its file stem.

    >>> caption("f1_grouped_cv", 2)
    'Figure 2. Per-class F1 of each model and baseline under grouped_cv, with 95% bootstrap intervals.'
    >>> caption("scale", 3)
    'Figure 3. Scale.'
    """
    for pattern, text in CAPTIONS:
        match = re.fullmatch(pattern, stem)
        if match:
            return f"Figure {number}. " + text.format(*match.groups())
    return f"Figure {number}. {stem.replace('_', ' ').capitalize()}."
