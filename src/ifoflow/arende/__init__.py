"""Shared home: persons, households, cases (ärenden), applications, the case file (documents, journal notes),
tasks, and the case worker's pages over them."""

