"""The offline bundle and the downloads (MkDocs hooks, listed under ``hooks:`` in mkdocs.yml).

- Offline build (``HANDBOOK_OFFLINE=true``, see ``handbook/offline.py``): Material's ``offline``
  plugin would add a script from a CDN to every page for web workers from file://; the same
  shim is shipped in ``overrides/`` and named as the polyfill instead.
- Web build: the files that ``make offline`` and ``make pdf`` leave in ``dist/`` are copied into
  the site, and the home page of each language links to those present, so the links never
  point at a missing file.
"""

import os
import re
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority

HOME = re.compile(r"^index(\.[a-z]{2})?\.md$")  # index.md, index.en.md
SHIM = "assets/javascripts/iframe-worker/shim.js"
# file in dist/, the languages whose home page links to it, and the link text
DOWNLOADS = [
    ("so-tay-offline.zip", ("vi", "en"),
     {"vi": "Bản đọc không cần mạng (tệp ZIP, cả hai ngôn ngữ, có tìm kiếm)",
      "en": "Offline copy (ZIP file, both languages, with search)"}),
    ("so-tay-vi.pdf", ("vi",), {"vi": "Bản in PDF (tiếng Việt)"}),
    ("so-tay-en.pdf", ("en",), {"en": "Printable PDF (English)"}),
]
HEADING = {
    "vi": ("Tải về", "Giải nén tệp ZIP rồi mở <code>index.html</code> bằng trình duyệt."),
    "en": ("Downloads", "Unzip the ZIP file and open <code>index.html</code> in a browser."),
}


def offline_enabled(config):
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def dist_dir(config):
    """Where `make offline` and `make pdf` write (``HANDBOOK_DIST`` to look elsewhere)."""
    return Path(os.environ.get("HANDBOOK_DIST") or Path(config.config_file_path).parent / "dist")


def present(config, language):
    """``[(file name, text, size in bytes)]`` of the downloads present in dist/ for a language."""
    if offline_enabled(config):
        return []
    found = []
    for name, languages, text in DOWNLOADS:
        path = dist_dir(config) / name
        if language in languages and path.is_file():
            found.append((name, text[language], path.stat().st_size))
    return found


def megabytes(size, language):
    value = f"{size / 1_000_000:.1f}"
    return (value.replace(".", ",") if language == "vi" else value) + " MB"


@event_priority(10)  # before the offline plugin, which adds the CDN script unless one is named
def on_config(config):
    if offline_enabled(config):
        polyfills = config.extra.get("polyfills") or []
        if SHIM not in polyfills:
            config.extra["polyfills"] = [*polyfills, SHIM]
    return config


def on_page_markdown(markdown, page, config, files):
    if not HOME.match(page.file.src_uri):
        return markdown
    language = config.theme["language"]
    found = present(config, language)
    if not found:
        return markdown
    up = "../" * page.url.count("/")
    title, note = HEADING[language]
    items = "\n".join(f'<li><a href="{up}{name}" download>{text}</a> · '
                      f"{megabytes(size, language)}</li>" for name, text, size in found)
    return (f"{markdown.rstrip()}\n\n## {title} {{ #downloads }}\n\n<ul>\n{items}\n</ul>\n\n"
            f"<p>{note}</p>\n")


@event_priority(-200)
def on_post_build(config):
    plugin = config.plugins.get("i18n")
    if offline_enabled(config) or (plugin is not None and plugin.building):
        return
    for name, _, _ in DOWNLOADS:
        path = dist_dir(config) / name
        if path.is_file():
            shutil.copyfile(path, Path(config.site_dir) / name)
