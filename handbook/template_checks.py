"""Checks of the templates a reader downloads: each block has its .docx, each .docx its parts."""

from pathlib import Path

from . import pages, templates, templates_docx


def check_templates(docs_dir):
    """Every template block downloads as a .docx that opens and has its layout's parts.

    The .docx is made here as the build makes it (``handbook.template_hooks``). A name must be
    unique in its language and shared by a page and its twin, so links and files stay stable.
    """
    problems, names = [], {}
    for path in sorted(Path(docs_dir).rglob("*.md")):
        lang = templates.language_of(path.name)
        page_names = []
        for block in templates.find_blocks(path.read_text(encoding="utf-8")):
            where = f"{path}:{block.first_line}"
            annotation = templates.annotation_problems(block)
            problems += [f"{where}: {problem}" for problem in annotation]
            if annotation:
                continue
            page_names.append(block.name)
            if block.name in names.setdefault(lang, {}):
                problems.append(f"{where}: docx=\"{block.name}\" is also used at "
                                f"{names[lang][block.name]}")
            names[lang][block.name] = where
            data = templates_docx.build(templates.split(block, lang))
            layout = templates_docx.layout_problems(data, block.layout, lang)
            problems += [f"{where}: {templates.file_name(block.name, lang)} {problem}"
                         for problem in layout]
        if lang == "vi" and pages.twin_of(path).exists():
            twin = [b.name for b in templates.find_blocks(pages.twin_of(path).read_text(
                encoding="utf-8"))]
            if twin != page_names:
                problems.append(f"{path}: template names {page_names} differ from its twin's "
                                f"{twin}")
    return problems


def check_built_templates(site_dir, docs_dir):
    """In a built site, each page's .docx is present beside it and passes the same test.

    A page built before its source last changed is skipped: that is a stale build, not a
    missing download (``make check`` builds first).
    """
    problems = []
    if not Path(site_dir).is_dir():
        return problems
    for path in sorted(Path(docs_dir).rglob("*.md")):
        lang = templates.language_of(path.name)
        page = path.relative_to(docs_dir).as_posix()
        page = page[: -len(".en.md")] if lang == "en" else page[: -len(".md")]
        folder = Path(site_dir) / ("en" if lang == "en" else "") / page
        if folder.name == "index":
            folder = folder.parent
        built_page = folder / "index.html"
        if not built_page.exists() or built_page.stat().st_mtime < path.stat().st_mtime:
            continue
        for block in templates.find_blocks(path.read_text(encoding="utf-8")):
            if templates.annotation_problems(block):
                continue
            built = folder / templates.file_name(block.name, lang)
            if not built.exists():
                problems.append(f"{built}: missing from the built site (run mkdocs build)")
                continue
            problems += [f"{built}: {problem}" for problem in
                         templates_docx.layout_problems(built.read_bytes(), block.layout, lang)]
    return problems
