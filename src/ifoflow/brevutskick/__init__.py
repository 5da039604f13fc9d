"""Brevutskick: every letter's way out (digital mailbox, e-service, print batch, by hand) and the daily print."""
