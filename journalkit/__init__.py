"""journalkit: a terminal companion for a vault of client-relationship notes."""

__version__ = "0.1.0"
