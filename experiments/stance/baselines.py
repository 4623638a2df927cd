"""Baselines reported beside every model: majority class, stratified random, and codebook keywords.

A model is only worth reporting if it beats what needs no learning: always answering the most frequent
training label, drawing labels at random in the training proportions (seeded), or applying the codebook's
cue words (the cue lists come from the config, written from seeds/CODEBOOK.md, never from the data).
"""
from __future__ import annotations


def usable_baselines(config, labels: list[str]) -> tuple[list[str], list[str]]:
    """The configured baselines that can run on these labels, and a note for each left out.

    The keyword baseline needs cues for at least one label ([keywords] <label> = [...]); without any it is
    left out with a note, never an error.
    Illustration: usable_baselines(config_with_FAVOR_AGAINST, ["FAVOR", "AGAINST"])
             -> (["majority", "stratified"], ["keyword baseline left out: no [keywords] cues for FAVOR, AGAINST"])
    """
    names, notes, cues = [], [], config.keywords.cues()
    for name in config.stance.baselines:
        if name == "keyword" and not any(cues.get(lab) for lab in labels):
            notes.append(f"keyword baseline left out: no [keywords] cues for {', '.join(labels)}")
            continue
        names.append(name)
    return names, notes


def make_baseline(name: str, config, random_state: int):
    """An unfitted baseline by config name (`majority`, `stratified`, `keyword`).

    Illustration: make_baseline("stratified", config, 42) -> DummyClassifier(strategy="stratified", random_state=42)
    """
    # imported here: both load scikit-learn, which `stancelab check` (usable_baselines only) does without
    from sklearn.dummy import DummyClassifier

    from experiments.stance.keyword import KeywordClassifier

    if name == "majority":
        return DummyClassifier(strategy="most_frequent")
    if name == "stratified":
        return DummyClassifier(strategy="stratified", random_state=random_state)
    if name == "keyword":
        k = config.keywords  # every label's cues; fit keeps those of the training labels only
        return KeywordClassifier(cues={lab: list(words) for lab, words in k.cues().items()},
                                 default_label=k.default_label)
    raise ValueError(f"unknown baseline {name!r}")
