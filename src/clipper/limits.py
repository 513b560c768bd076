"""Bounds the command line and the settings both enforce (no import: `clip --help` reads it)."""

MAX_TIMEOUT = 86_400.0
"""Seconds: a day. More (or "inf") would overflow the sockets' and the clocks' limits."""
