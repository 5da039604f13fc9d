"""Data protection: register extracts (GDPR art. 15), logguppföljning of the access log, gallring."""

