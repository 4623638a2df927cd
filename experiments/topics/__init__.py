"""The topics step: clustering TF-IDF or LSA rows, the choice of k, stability over seeds, scores against
reference labels, top terms and representative segments, the 2-D map, and label-free selection of a setting."""
