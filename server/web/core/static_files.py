"""The static files under content-hashed names, so a browser may keep each for a year.

Pages link `asset("css/steward.css")`, which is `/static/css/steward.<hash>.css`: the name
changes whenever the file does, so the answer to a hashed name never changes and is cached as
immutable. The plain names are served too (a stylesheet's relative `url()`, a bookmark), with
`no-cache`, so they are revalidated (ETag) rather than kept stale.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path, PurePosixPath

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from server.settings import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
STATIC_PREFIX = "/static/"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def hashed_name(path: str, content: bytes) -> str:
    """`css/steward.css` -> `css/steward.<first 10 hex digits of its SHA-256>.css`."""
    digest = hashlib.sha256(content).hexdigest()[:10]
    pure = PurePosixPath(path)
    return str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}"))


@cache
def fingerprints(directory: Path = STATIC_DIR) -> dict[str, str]:
    """Every file's name relative to `directory` -> its hashed name; read once per process."""
    return {
        (name := file.relative_to(directory).as_posix()): hashed_name(name, file.read_bytes())
        for file in sorted(directory.rglob("*"))
        if file.is_file()
    }


def asset(path: str) -> str:
    """The URL of a static file under its hashed name (the template global `asset`)."""
    return STATIC_PREFIX + fingerprints().get(path, path)


class HashedStaticFiles(StaticFiles):
    """Serves `static/`: hashed names as immutable, plain names to be revalidated."""

    def __init__(self, directory: Path = STATIC_DIR) -> None:
        super().__init__(directory=directory)
        self.originals = {hashed: name for name, hashed in fingerprints(directory).items()}

    async def get_response(self, path: str, scope: Scope) -> Response:
        original = self.originals.get(PurePosixPath(path).as_posix())
        response = await super().get_response(original or path, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE if original else REVALIDATE
        return response
