"""Refresh the gettext catalogs: extract, update, fill English, merge Chinese, compile.

``python .ci/translations.py [--merge zh.json ...]`` — each JSON maps an English msgid to its
Simplified Chinese translation. English msgstrs equal their msgids, so ``en`` is complete by
construction; a test fails when a zh_CN message is missing or the .mo is stale.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    template = Catalog(project="ChainChief", charset="utf-8")
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "chainchief"), keywords=KEYWORDS, comment_tags=()
    ):
        template.add(message)
    return template


def catalog_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "chainchief.po"


def load(language: str) -> Catalog:
    path = catalog_path(language)
    if not path.exists():
        return Catalog(locale=language, project="ChainChief", charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def save(language: str, catalog: Catalog) -> None:
    path = catalog_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True,
                 no_location=True, ignore_obsolete=True)
    with path.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--merge", nargs="*", default=[], type=Path)
    args = parser.parse_args()
    chinese: dict[str, str] = {}
    for path in args.merge:
        chinese.update(json.loads(path.read_text(encoding="utf-8")))
    template = extract()
    for language in ("zh_CN", "en"):
        catalog = load(language)
        catalog.update(template, no_fuzzy_matching=True)
        for message in catalog:
            if not message.id:
                continue
            plural = isinstance(message.id, tuple)
            singular = message.id[0] if plural else message.id
            if language == "en":
                message.string = message.id
            elif singular in chinese:
                # Chinese has one plural form (nplurals=1): the singular's translation.
                message.string = (chinese[singular],) if plural else chinese[singular]
            message.flags.discard("fuzzy")
        save(language, catalog)
        missing = [
            m.id
            for m in catalog
            if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
        ]
        print(f"{language}: {len(catalog)} messages, {len(missing)} untranslated")
        for message_id in missing:
            print("   ", message_id)


if __name__ == "__main__":
    main()
