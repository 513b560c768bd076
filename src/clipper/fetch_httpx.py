"""httpx, imported without its own command line: the one place the fetch stage imports it from.

`import httpx` also imports `httpx._main`, the `httpx` command's code, which
imports rich (its console, progress, syntax and table), pygments and click:
34 ms of CPU at each start of `clip`, of which clipper uses none outside an
interactive terminal (rich's progress bar is imported when one is shown). While
httpx is first imported, `httpx._main` is marked missing (`None` in
`sys.modules`), so httpx takes its own fallback for a missing command-line
dependency; the mark is removed as soon as httpx is in. Nothing else changes:
`httpx.main` is the only name httpx takes from that module.
"""

from __future__ import annotations

import sys

_MAIN = "httpx._main"

if "httpx" not in sys.modules and _MAIN not in sys.modules:
    sys.modules[_MAIN] = None  # type: ignore[assignment]  # the import system's "not importable"
    try:
        import httpx as httpx
    finally:
        if sys.modules.get(_MAIN, ...) is None:
            del sys.modules[_MAIN]
else:
    import httpx as httpx

__all__ = ["httpx"]
