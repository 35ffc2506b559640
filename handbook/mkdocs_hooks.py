"""MkDocs build hooks for the handbook (listed under ``hooks:`` in mkdocs.yml).

Each chapter ends with a link to its practice quiz on the quiz server. The link is added here,
not written in the pages, so the quiz server's address stays a setting of the build
(``extra.quiz_url``, or ``HANDBOOK_QUIZ_URL``).
"""

import re

CHAPTER = re.compile(r"^chapters/(\d\d-[a-z0-9-]+?)(\.en)?\.md$")

QUIZ_SECTION = {
    "vi": ("Kiểm tra hiểu biết", "Làm bài kiểm tra thực hành của chương này",
           "Không cần tài khoản; học viên đã đăng nhập được lưu kết quả."),
    "en": ("Check your understanding", "Take this chapter's practice quiz",
           "No account needed; logged-in trainees have their results recorded."),
}


def chapter_of(src_uri):
    """``(chapter slug, language)`` for a chapter page, else None."""
    match = CHAPTER.match(src_uri)
    if not match:
        return None
    return match.group(1), "en" if match.group(2) else "vi"


def quiz_link(quiz_url, chapter, lang):
    return f"{quiz_url.rstrip('/')}/practice/{chapter}?lang={lang}"


def on_page_markdown(markdown, page, config, files):
    found = chapter_of(page.file.src_uri)
    if not found:
        return markdown
    chapter, lang = found
    title, link_text, note = QUIZ_SECTION[lang]
    url = quiz_link(config["extra"]["quiz_url"], chapter, lang)
    return (f"{markdown.rstrip()}\n\n## {title} {{ #check-your-understanding }}\n\n"
            f"[{link_text}]({url}){{ .md-button .md-button--primary }}\n\n{note}\n")
