"""The locales money, numbers and dates may be written in: a short list people choose from on
their account page, each a Babel locale (en_GB), named in its own language."""

from __future__ import annotations

from functools import cache

from babel import Locale

DEFAULT_LOCALE = "en_GB"
LOCALES = (
    "en_GB", "en_US", "en_IE", "de_DE", "de_AT", "de_CH", "fr_FR", "fr_BE", "nl_NL", "nl_BE",
    "es_ES", "it_IT", "pt_PT", "pt_BR", "sv_SE", "da_DK", "nb_NO", "fi_FI", "pl_PL", "cs_CZ",
    "ja_JP",
)  # fmt: skip


@cache
def locale_names() -> dict[str, str]:
    """Each locale by its name in its own language: en_GB -> "English (United Kingdom)"."""
    return {code: Locale.parse(code).display_name or code for code in LOCALES}


def negotiate(accept_language: str | None) -> str:
    """The best of LOCALES for a browser's Accept-Language (a language alone matches its
    first locale: "de" -> de_DE), else DEFAULT_LOCALE."""
    wanted: list[tuple[float, str]] = []
    for position, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            wanted.append((-quality + position * 1e-6, tag.strip().replace("-", "_").lower()))
    for _, tag in sorted(wanted):
        for code in LOCALES:
            if code.lower() == tag:
                return code
        language = tag.split("_")[0]
        for code in LOCALES:
            if code.split("_")[0] == language:
                return code
    return DEFAULT_LOCALE
