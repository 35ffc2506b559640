"""Templates download as .docx in the Decree 30/2020 layout: the check, the parts, the build."""

import subprocess
import sys
from io import BytesIO
from pathlib import Path

import docx

from handbook import checks, templates, templates_docx
from handbook.templates_docx import STYLES

ROOT = Path(__file__).resolve().parent.parent
NOTICE = """# Thông báo { #notice }

```text docx="notice"
ỦY BAN NHÂN DÂN XÃ [TÊN XÃ]
Số: …/TB-UBND
THÔNG BÁO
Về việc đăng ký nhận hỗ trợ

1. Ai được hưởng: [đối tượng]
| STT | Giấy tờ |
| 1   | [giấy tờ] |

Nơi nhận:
- Các thôn;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
[Họ và tên]
```
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def texts(document, style):
    return [p.text for p in templates_docx.paragraphs(document) if p.style.name == STYLES[style]]


def notice_document():
    block = templates.find_blocks(NOTICE)[0]
    return docx.Document(BytesIO(templates_docx.build(templates.split(block, "vi"))))


def test_an_administrative_template_has_every_part_of_the_layout():
    document = notice_document()
    assert texts(document, "motto") == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                        "Độc lập - Tự do - Hạnh phúc"]
    assert texts(document, "agency") == ["ỦY BAN NHÂN DÂN XÃ [TÊN XÃ]"]
    assert texts(document, "number") == ["Số: …/TB-UBND"]
    assert texts(document, "place_date") == ["[Địa danh], ngày … tháng … năm …"]
    assert texts(document, "title") == ["THÔNG BÁO", "Về việc đăng ký nhận hỗ trợ"]
    assert texts(document, "recipients") == ["Nơi nhận:", "- Các thôn;", "- Lưu: VT."]
    assert texts(document, "signature") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "[Họ và tên]"]
    body_table = document.tables[1]
    assert [c.text for c in body_table.rows[1].cells] == ["1", "[giấy tờ]"]


def test_the_english_twin_is_laid_out_in_english():
    block = templates.find_blocks(NOTICE.replace("ỦY BAN NHÂN DÂN XÃ [TÊN XÃ]\n", ""))[0]
    document = docx.Document(BytesIO(templates_docx.build(templates.split(block, "en"))))
    assert texts(document, "motto") == ["SOCIALIST REPUBLIC OF VIET NAM",
                                        "Independence - Freedom - Happiness"]
    assert texts(document, "agency") == ["[NAME OF AGENCY OR UNIT]"]


def test_a_block_without_its_docx_fails_the_check(tmp_path):
    write(tmp_path / "page.md", NOTICE.replace(' docx="notice"', ""))
    write(tmp_path / "page.en.md", NOTICE.replace(' docx="notice"', ""))
    problems = checks.check_templates(tmp_path)
    assert any("template block without its .docx" in p for p in problems)
    write(tmp_path / "page.md", NOTICE)
    write(tmp_path / "page.en.md", NOTICE)
    assert checks.check_templates(tmp_path) == []


def test_twins_must_name_the_same_templates(tmp_path):
    write(tmp_path / "page.md", NOTICE)
    write(tmp_path / "page.en.md", NOTICE.replace('docx="notice"', 'docx="other"'))
    assert any("differ from its twin" in p for p in checks.check_templates(tmp_path))


def test_a_docx_that_does_not_open_or_lacks_parts_fails(tmp_path):
    assert templates_docx.layout_problems(b"PK not a docx", "admin", "vi") == [
        "does not open with python-docx (BadZipFile)"]
    document = notice_document()
    for paragraph in templates_docx.paragraphs(document):
        if paragraph.style.name == STYLES["recipients"]:
            paragraph.style = STYLES["body"]
    out = BytesIO()
    document.save(out)
    assert templates_docx.layout_problems(out.getvalue(), "admin", "vi") == [
        "lacks its recipients (ND30 Recipients)"]


def test_the_built_site_must_hold_each_docx(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    write(docs / "chapters" / "01-x.md", NOTICE)
    (site / "chapters" / "01-x").mkdir(parents=True)
    (site / "chapters" / "01-x" / "index.html").write_text("<html></html>")
    assert "missing from the built site" in checks.check_built_templates(site, docs)[0]
    (site / "chapters" / "01-x" / "notice.docx").write_bytes(b"broken")
    assert "does not open" in checks.check_built_templates(site, docs)[0]


def test_the_build_writes_a_docx_beside_each_page_and_links_it(tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                   cwd=ROOT, check=True, capture_output=True)
    page = site / "chapters" / "08-grassroots-information"
    html = (page / "index.html").read_text(encoding="utf-8")
    assert '<a href="notice-board-notice.docx" download>Tải mẫu (.docx)</a>' in html
    assert 'docx="' not in html
    english = site / "en" / "chapters" / "08-grassroots-information"
    assert "Download template (.docx)" in (english / "index.html").read_text(encoding="utf-8")
    assert checks.check_built_templates(site, ROOT / "docs") == []
    document = docx.Document(page / "notice-board-notice.docx")
    assert texts(document, "motto")[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert texts(document, "recipients")[0] == "Nơi nhận:"


def test_an_official_letter_and_a_ministry_heading_are_read_as_written():
    letter = """```text docx="answer"
[TÊN CƠ QUAN CHỦ QUẢN]
[TÊN CƠ QUAN]
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: .../BVHTTDL-BC
Hà Nội, ngày ... tháng ... năm ...
V/v trả lời câu hỏi của [báo]

STT | Câu hỏi | Trả lời
1   | [câu 1] | [trả lời]
```
"""
    template = templates.split(templates.find_blocks(letter)[0], "vi")
    assert template.agency == ["[TÊN CƠ QUAN CHỦ QUẢN]", "[TÊN CƠ QUAN]"]
    assert template.place_date == "Hà Nội, ngày ... tháng ... năm ..."
    assert template.title == [] and template.summary == ["V/v trả lời câu hỏi của [báo]"]
    document = docx.Document(BytesIO(templates_docx.build(template)))
    assert texts(document, "title") == ["V/v trả lời câu hỏi của [báo]"]
    assert [c.text for c in document.tables[1].rows[1].cells] == ["1", "[câu 1]", "[trả lời]"]
    assert texts(document, "recipients")[0] == "Nơi nhận:"
