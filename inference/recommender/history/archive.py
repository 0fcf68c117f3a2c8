"""Reading a Letterboxd export ZIP without trusting it.

Only the CSVs Letterboxd writes are read, by their exact names (``ratings.csv``,
``watched.csv``, ``watchlist.csv``, ``diary.csv``, ``reviews.csv``, ``likes/films.csv``) at the
archive's root — or inside its one top folder when someone zipped the unpacked export again.
Nothing is ever extracted to disk. A member whose path is absolute or climbs out with ``..``
is ignored; an encrypted member, a ZIP inside the ZIP, more than ``MAX_MEMBERS`` entries, a
member larger than ``MAX_MEMBER_BYTES`` or all of them together larger than
``MAX_UNZIPPED_BYTES`` refuse the whole upload. Sizes are checked as declared and again while
decompressing (at most one byte past the limit is ever inflated), so a member that lies about
its size cannot inflate more.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from inference.recommender.history.formats import LETTERBOXD_FILES
from inference.recommender.history.rows import MAX_CSV_BYTES, InvalidHistory

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
MAX_MEMBERS = 1_000  # a Letterboxd export has a few dozen (one CSV per list)
MAX_MEMBER_BYTES = MAX_CSV_BYTES * 2  # uncompressed, per CSV read
MAX_UNZIPPED_BYTES = 12 * 1024 * 1024  # uncompressed, every CSV read together
# What zipfile raises on a damaged archive: BadZipFile mostly, but a mangled directory also
# gives ValueError ("negative seek value"), struct.error or IndexError.
_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError,
           ValueError, IndexError, struct.error)  # fmt: skip


def is_zip(data: bytes) -> bool:
    """Whether the bytes are a ZIP archive (whatever the file is called)."""
    return data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC))


def _safe(name: str) -> str | None:
    """The member's path if it stays inside the archive (no absolute path, drive or ``..``)."""
    path = name.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return None
    parts = path.split("/")
    if any(part == ".." for part in parts):
        return None
    return "/".join(part for part in parts if part not in ("", "."))


def read_letterboxd_zip(data: bytes) -> dict[str, bytes]:
    """The known Letterboxd CSVs of a ZIP, by name (``likes/films.csv`` keeps its folder)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ERRORS as error:
        raise InvalidHistory("bad_zip") from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise InvalidHistory("zip_too_big")
        paths: dict[str, zipfile.ZipInfo] = {}
        for info in members:
            path = _safe(info.filename)
            if not path or info.filename.endswith("/"):  # outside the archive, or a folder
                continue
            if path.lower().endswith(".zip"):
                raise InvalidHistory("zip_nested")
            paths.setdefault(path, info)
        chosen = _known_members(paths)
        if not chosen:
            raise InvalidHistory("zip_no_files")
        total = sum(info.file_size for info in chosen.values())
        if total > MAX_UNZIPPED_BYTES or any(
            info.file_size > MAX_MEMBER_BYTES for info in chosen.values()
        ):
            raise InvalidHistory("zip_too_big")
        found: dict[str, bytes] = {}
        read = 0
        for name, info in chosen.items():
            if info.flag_bits & 0x1:
                raise InvalidHistory("bad_zip")  # encrypted
            content = _read_member(archive, info)
            read += len(content)
            if read > MAX_UNZIPPED_BYTES:
                raise InvalidHistory("zip_too_big")
            if is_zip(content):
                raise InvalidHistory("zip_nested")
            found[name] = content
    return found


def _known_members(paths: dict[str, zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """Letterboxd's CSVs at the root, else under the archive's single top folder (macOS's
    ``__MACOSX`` beside it does not count)."""
    root = {name: paths[name] for name in LETTERBOXD_FILES if name in paths}
    if root:
        return root
    tops = {path.split("/", 1)[0] for path in paths if "/" in path} - {"__MACOSX"}
    if len(tops) != 1:
        return {}
    top = tops.pop()
    return {name: paths[f"{top}/{name}"] for name in LETTERBOXD_FILES if f"{top}/{name}" in paths}


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, inflating at most one byte past ``MAX_MEMBER_BYTES``."""
    try:
        with archive.open(info) as member:
            content = member.read(MAX_MEMBER_BYTES + 1)
    except _ERRORS as error:
        raise InvalidHistory("bad_zip") from error
    if len(content) > MAX_MEMBER_BYTES:
        raise InvalidHistory("zip_too_big")
    return content
