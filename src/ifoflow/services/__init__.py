"""Domain services: use cases over the store. The caller commits."""
