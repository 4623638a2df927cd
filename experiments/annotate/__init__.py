"""Annotation workflow: draw passages for annotators, check filled sheets, measure agreement, merge labels.

Modules: `records` (the corpus as id/text/metadata records, label files), `sample` (random and stratified
draws, split between annotators), `active` (uncertainty sampling), `diverse` (cluster-spread sampling),
`sheets` (writing and checking sheets), `agree` (inter-annotator agreement), `merge` (batch files -> one
label file), `by_batch` (a saved run's scores split by annotation batch), `estimate` (corpus label shares from
the labels read plus a random draw of the rest), `commands` (the `stancelab annotate ...` subcommands), `parser`
(their options).

Labels are always written by a person reading the passage against seeds/CODEBOOK.md: nothing here assigns,
suggests or pre-fills a label.
"""
