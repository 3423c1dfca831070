"""The vendored front-end files are exactly the ones listed, byte for byte."""

import hashlib
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "static" / "vendor"
MANIFEST = VENDOR / "MANIFEST.txt"

HTMX_FILE = "htmx-2.0.11.min.js"
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"


class Entry(NamedTuple):
    file: str
    package: str
    source: str
    sha256: str
    licence: str


def read_manifest() -> list[Entry]:
    entries = []
    for number, raw in enumerate(MANIFEST.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        assert len(fields) == 5, f"MANIFEST.txt line {number}: expected 5 columns: {raw!r}"
        entries.append(Entry(*fields))
    return entries


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_lists_files():
    entries = read_manifest()
    assert entries, "MANIFEST.txt lists no files"
    names = [entry.file for entry in entries]
    assert len(names) == len(set(names)), f"duplicate entries in MANIFEST.txt: {names}"
    for entry in entries:
        assert "@" in entry.package[1:], f"{entry.file}: package must be name@version"
        assert len(entry.sha256) == 64, f"{entry.file}: malformed sha256 {entry.sha256!r}"


def test_listed_files_exist_and_match_their_hashes():
    for entry in read_manifest():
        path = VENDOR / entry.file
        assert path.is_file(), f"{entry.file} is listed in MANIFEST.txt but missing"
        assert sha256_of(path) == entry.sha256, f"{entry.file} does not match its sha256"


def test_manifest_lists_exactly_the_vendored_files():
    present = {path.name for path in VENDOR.iterdir() if path.name != MANIFEST.name}
    listed = {entry.file for entry in read_manifest()}
    assert listed == present, (
        f"not in MANIFEST.txt: {sorted(present - listed)}; "
        f"listed but missing: {sorted(listed - present)}"
    )


def test_htmx_is_the_pinned_release():
    assert sha256_of(VENDOR / HTMX_FILE) == HTMX_SHA256
    entry = next(entry for entry in read_manifest() if entry.file == HTMX_FILE)
    assert entry.sha256 == HTMX_SHA256
    assert entry.package == "htmx.org@2.0.11"
