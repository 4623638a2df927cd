"""Keyword cues of each stance, written by hand from seeds/CODEBOOK.md (French and English), never learned.

They are the defaults of the config's [keywords] table and the rules of the keyword baseline
(`experiments.stance.keyword.KeywordClassifier`): a cue matches at the start of a word, after lower-casing,
French elision removal and accent stripping, so "menace" also matches "menaces" and "menacé". Each list
paraphrases the codebook's definition of its label; none was tuned on the annotated seeds.

>>> CODEBOOK_CUES["reassurance"][0]
'aucune preuve'
"""

CODEBOOK_CUES: dict[str, list[str]] = {
    # "value, credibility, readiness or peace-keeping role of nuclear forces; warns an adversary"
    "deterrence": [
        "dissuasion", "dissuasif", "dissuasive", "garantie de sécurité", "garantie ultime",
        "maintenir la paix", "préserver la paix", "empêcher toute attaque", "alliance nucléaire",
        "sûre et efficace", "crédible", "conséquences graves", "graves conséquences", "ligne rouge",
        "franchi", "mis en garde", "resterons nucléaire", "aussi longtemps",
        "deterrence", "deterrent", "deter", "security guarantee", "keep the peace", "keep peace",
        "prevent attack", "nuclear alliance", "safe and effective", "credible", "grave consequences",
        "cross a line", "red line", "as long as nuclear weapons exist", "will be answered",
    ],
    # "threats of nuclear use, raised alert levels, weapons moved toward readiness, a slide toward confrontation"
    "escalation": [
        "menace", "menacer", "alerte", "en attente", "hors du stockage", "sortir les armes", "déployer",
        "déploiement", "utiliser des armes nucléaires", "utiliser l arme nucléaire", "au bord",
        "confrontation nucléaire", "course aux armements", "escalade", "guerre nucléaire", "essai nucléaire",
        "anéantissement", "croissant", "imminent",
        "threat", "threaten", "alert", "standby", "out of storage", "deploy", "use nuclear weapons",
        "brink", "nuclear confrontation", "arms race", "escalat", "nuclear war", "nuclear test",
        "annihilation", "growing danger", "imminent",
    ],
    # "lowers the perceived danger: remote, no preparations, no real weapons, routine, risk not grown or fallen"
    "reassurance": [
        "aucune preuve", "aucun signe", "aucune arme", "aucun changement", "pas de changement",
        "extrêmement faible", "extrêmement lointain", "improbable", "rassurer", "routine", "annuel",
        "planifié", "prévu de longue date", "pas augmenté", "signal politique", "pacifique",
        "traité", "réduction des arsenaux", "apaisement", "garanties de sécurité", "surveill",
        "no evidence", "no sign", "no change", "remote", "unlikely", "reassur", "routine", "annual",
        "planned", "not grown", "not increased", "political signal", "peaceful", "treaty",
        "reduce arsenals", "easing", "security assurances", "monitor",
    ],
    # `none` has no cues: it is the baseline's answer when no cue of any stance matches.
    "none": [],
}
