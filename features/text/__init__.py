"""Documents -> segments (sentences, paragraphs, documents) with ids stable from run to run, and the
language-aware preparation of a segment's text (lowercase, elisions, accents, stop words, lemmas)."""
