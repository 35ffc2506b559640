"""Each template block of a page downloads as a .docx (MkDocs hooks, listed in mkdocs.yml).

The .docx is made at build time from the block the page shows (``handbook.templates`` for the
convention, ``handbook.templates_docx`` for the layout) and written beside the page's HTML; a
link follows the block. The link is raw HTML, so MkDocs does not look for the file among the
sources, and its address is relative to the page, so it works on the site and offline alike.
"""

import html
from pathlib import Path

from handbook import templates, templates_docx

LABEL = {"vi": "Tải mẫu (.docx)", "en": "Download template (.docx)"}
PENDING = {}  # page's output path -> [(file name, bytes)]


def download_link(block, lang):
    name = templates.file_name(block.name, lang)
    return (f'<p class="template-download"><a href="{html.escape(name)}" download>'
            f"{LABEL[lang]}</a></p>")


def on_page_markdown(markdown, page, config, files):
    lang = templates.language_of(page.file.src_uri)
    made = []

    def link_for(block):
        if templates.annotation_problems(block):
            return None
        data = templates_docx.build(templates.split(block, lang))
        made.append((templates.file_name(block.name, lang), data))
        return download_link(block, lang)

    markdown = templates.strip_annotations(markdown, link_for)
    PENDING[page.file.abs_dest_path] = made
    return markdown


def on_post_page(output, page, config):
    folder = Path(page.file.abs_dest_path).parent
    for name, data in PENDING.pop(page.file.abs_dest_path, []):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return output
