"""Avvikelser: deviation reports, Lex Sarah reports and personal-data incidents, with their legal deadlines."""
