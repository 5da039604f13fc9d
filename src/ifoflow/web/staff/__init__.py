"""Pages for municipal staff."""
