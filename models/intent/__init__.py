"""Intent classifier: the labelled utterances, training and the packed artifact."""
