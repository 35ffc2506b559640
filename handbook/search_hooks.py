"""Search index per language (MkDocs hooks, listed under ``hooks:`` in mkdocs.yml).

Material writes one ``search/search_index.json`` for every language that static-i18n builds, so
English pages filled Vietnamese results and the worker combined both languages' pipelines.
After the last language is built, the index is split: the default language keeps
``search/search_index.json``, every other language gets ``<locale>/search/search_index.json``,
each with only its own ``lang``. ``overrides/main.html`` points each page at its own index;
``overrides/assets/javascripts/lunr/min/lunr.vi.min.js`` is the Vietnamese lunr language.

For the offline bundle (the ``offline`` plugin enabled) Material reads ``search/search_index.js``
instead, from a script tag; it is rewritten to pick the index of the page's ``<html lang>``.
"""

import json
from pathlib import Path

from mkdocs.plugins import event_priority

from handbook.offline_hooks import offline_enabled

INDEX = "search/search_index.json"


def i18n_plugin(config):
    return config.plugins.get("i18n")


def split_index(index, default, others):
    """``{locale: index}``: the documents of each language, each with its own ``lang``."""
    parts = {locale: [] for locale in [default, *others]}
    for doc in index["docs"]:
        prefix = doc["location"].split("/", 1)[0]
        parts[prefix if prefix in others else default].append(doc)
    return {locale: {"config": {**index["config"], "lang": [locale]}, "docs": docs}
            for locale, docs in parts.items()}


def write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def offline_script(indexes, default):
    """The offline index script: the index of the page's language, else the default one."""
    table = json.dumps(indexes, ensure_ascii=False, separators=(",", ":"))
    return (f"var __index = (function (all) {{ return all[document.documentElement.lang] "
            f"|| all[{json.dumps(default)}] }})({table})\n")


@event_priority(-200)
def on_post_build(config):
    plugin = i18n_plugin(config)
    if plugin is None or plugin.building:
        return  # an inner build of one more language; the index is complete only at the end
    site = Path(config.site_dir)
    path = site / INDEX
    if not path.is_file():
        return
    languages = [lang for lang in plugin.config.languages if lang.build]
    default = next(lang.locale for lang in languages if lang.default)
    others = [lang.locale for lang in languages if not lang.default]
    indexes = split_index(json.loads(path.read_text(encoding="utf-8")), default, others)
    for locale, index in indexes.items():
        write_json(site / (INDEX if locale == default else f"{locale}/{INDEX}"), index)
    if offline_enabled(config):
        (site / "search" / "search_index.js").write_text(offline_script(indexes, default),
                                                         encoding="utf-8")
