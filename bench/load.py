"""Load benchmark: many chats, each a realistic session, through the local Bot API server.

The entry point: ``python bench/load.py …`` and ``python -m bench.load …`` run
``bench/loadrun`` (whose docstring says what it does and what it prints).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.loadrun.__main__ import main  # noqa: E402

if __name__ == "__main__":
    main()
