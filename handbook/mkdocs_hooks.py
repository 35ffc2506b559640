"""MkDocs build hooks for the handbook (listed under ``hooks:`` in mkdocs.yml).

Each chapter ends with a link to its practice quiz on the quiz server. The link is added here,
not written in the pages, so the quiz server's address stays a setting of the build
(``extra.quiz_url``, or ``HANDBOOK_QUIZ_URL``); links written in the pages as ``/quiz/…`` are
pointed there too. In the offline bundle that address is the public server's, absolute, and
each quiz link says that it needs a connection.
"""

import re

from handbook.offline_hooks import offline_enabled

QUIZ_LINK = re.compile(r"\]\(/quiz/([^)\s]*)\)")
CHAPTER = re.compile(r"^chapters/(\d\d-[a-z0-9-]+?)(\.en)?\.md$")

QUIZ_SECTION = {
    "vi": ("Kiểm tra hiểu biết", "Làm bài kiểm tra thực hành của chương này",
           "Không cần tài khoản; học viên đã đăng nhập được lưu kết quả."),
    "en": ("Check your understanding", "Take this chapter's practice quiz",
           "No account needed; logged-in trainees have their results recorded."),
}
ONLINE_ONLY = {"vi": "cần kết nối mạng", "en": "needs a network connection"}


def chapter_of(src_uri):
    """``(chapter slug, language)`` for a chapter page, else None."""
    match = CHAPTER.match(src_uri)
    if not match:
        return None
    return match.group(1), "en" if match.group(2) else "vi"


def quiz_link(quiz_url, chapter, lang):
    return f"{quiz_url.rstrip('/')}/practice/{chapter}?lang={lang}"


def point_quiz_links(markdown, quiz_url, lang, offline):
    """``[text](/quiz/…)`` to the quiz server's address; offline, followed by a note."""
    note = f" ({ONLINE_ONLY[lang]})" if offline else ""
    return QUIZ_LINK.sub(lambda m: f"]({quiz_url.rstrip('/')}/{m[1]}){note}", markdown)


def on_page_markdown(markdown, page, config, files):
    lang = "en" if page.file.src_uri.endswith(".en.md") else "vi"
    offline = offline_enabled(config)
    quiz_url = config["extra"]["quiz_url"]
    markdown = point_quiz_links(markdown, quiz_url, lang, offline)
    found = chapter_of(page.file.src_uri)
    if not found:
        return markdown
    chapter, lang = found
    title, link_text, note = QUIZ_SECTION[lang]
    if offline:
        note = f"{note} {ONLINE_ONLY[lang].capitalize()}."
    url = quiz_link(quiz_url, chapter, lang)
    return (f"{markdown.rstrip()}\n\n## {title} {{ #check-your-understanding }}\n\n"
            f"[{link_text}]({url}){{ .md-button .md-button--primary }}\n\n{note}\n")
