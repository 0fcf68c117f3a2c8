"""Film catalogue and offline availability build: ``python -m models.catalogue.build``."""
