"""Skanningsrobot: scanned paper to the right personakt, the archive, another robot's intake, or a person."""
