"""Training and evaluation of the OST audio-feature → film-genre model."""
