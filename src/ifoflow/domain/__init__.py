"""The social-services world as plain values: no I/O here."""
