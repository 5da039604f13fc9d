"""The command line's toolkit: engine and errors for commands, progress bars, Swedish help. Commands live in
their process package (`<package>/cli.py`) and are assembled in ifoflow.main."""
