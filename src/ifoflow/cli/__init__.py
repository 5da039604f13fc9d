"""The `ifoflow` command line: thin commands over the services."""
