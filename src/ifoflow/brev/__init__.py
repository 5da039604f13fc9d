"""Shared home: the one letter path (template plus data, PDF, delivery channel) and report rendering."""

