"""The vendored files are exactly the ones listed, byte for byte: the front-end files Steward
serves (static/vendor), the fonts its PDFs are written in (server/web/portfolio/fonts: DejaVu
Sans, with its licence), and those only the browser tests use (tests/support/vendor: axe-core)."""

import hashlib
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"
MANIFEST = VENDOR / "MANIFEST.txt"
TEST_VENDOR = ROOT / "tests" / "support" / "vendor"
FONTS = ROOT / "server" / "web" / "portfolio" / "fonts"
VENDOR_DIRS = [VENDOR, FONTS, TEST_VENDOR]

HTMX_FILE = "htmx-2.0.11.min.js"
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"


class Entry(NamedTuple):
    file: str
    package: str
    source: str
    sha256: str
    licence: str


def read_manifest(directory: Path = VENDOR) -> list[Entry]:
    entries = []
    text = (directory / "MANIFEST.txt").read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        assert len(fields) == 5, f"MANIFEST.txt line {number}: expected 5 columns: {raw!r}"
        entries.append(Entry(*fields))
    return entries


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("directory", VENDOR_DIRS, ids=lambda d: d.relative_to(ROOT).as_posix())
def test_manifest_lists_files(directory):
    entries = read_manifest(directory)
    assert entries, "MANIFEST.txt lists no files"
    names = [entry.file for entry in entries]
    assert len(names) == len(set(names)), f"duplicate entries in MANIFEST.txt: {names}"
    for entry in entries:
        assert "@" in entry.package[1:], f"{entry.file}: package must be name@version"
        assert len(entry.sha256) == 64, f"{entry.file}: malformed sha256 {entry.sha256!r}"


@pytest.mark.parametrize("directory", VENDOR_DIRS, ids=lambda d: d.relative_to(ROOT).as_posix())
def test_listed_files_exist_and_match_their_hashes(directory):
    for entry in read_manifest(directory):
        path = directory / entry.file
        assert path.is_file(), f"{entry.file} is listed in MANIFEST.txt but missing"
        assert sha256_of(path) == entry.sha256, f"{entry.file} does not match its sha256"


@pytest.mark.parametrize("directory", VENDOR_DIRS, ids=lambda d: d.relative_to(ROOT).as_posix())
def test_manifest_lists_exactly_the_vendored_files(directory):
    present = {path.name for path in directory.iterdir() if path.name != MANIFEST.name}
    listed = {entry.file for entry in read_manifest(directory)}
    assert listed == present, (
        f"not in MANIFEST.txt: {sorted(present - listed)}; "
        f"listed but missing: {sorted(listed - present)}"
    )


def test_htmx_is_the_pinned_release():
    assert sha256_of(VENDOR / HTMX_FILE) == HTMX_SHA256
    entry = next(entry for entry in read_manifest() if entry.file == HTMX_FILE)
    assert entry.sha256 == HTMX_SHA256
    assert entry.package == "htmx.org@2.0.11"


def test_axe_core_is_the_pinned_release_with_its_licence_notice():
    (entry,) = read_manifest(TEST_VENDOR)
    assert entry.package == "axe-core@4.14.1" and entry.licence == "MPL-2.0"
    head = (TEST_VENDOR / entry.file).read_text(encoding="utf-8")[:400]
    assert head.startswith("/*! axe v4.14.1") and "Mozilla Public" in head


def test_the_pdf_fonts_are_debian_s_dejavu_sans_with_their_licence_beside_them():
    entries = read_manifest(FONTS)
    assert {entry.package for entry in entries} == {"fonts-dejavu-core@2.37-6"}
    assert {entry.licence for entry in entries} == {"Bitstream-Vera"}
    fonts = sorted(entry.file for entry in entries if entry.file.endswith(".ttf"))
    assert fonts == ["DejaVuSans-2.37.ttf", "DejaVuSans-Bold-2.37.ttf"]
    (licence,) = [entry.file for entry in entries if not entry.file.endswith(".ttf")]
    text = (FONTS / licence).read_text(encoding="utf-8")
    assert "License: bitstream-vera" in text and "Permission is hereby granted" in text
