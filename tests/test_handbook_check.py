"""The content checks, on the real handbook and on small broken copies."""

from pathlib import Path

from handbook import checks, pages, voice
from handbook.__main__ import main
from handbook.slugs import slugify

ROOT = Path(__file__).resolve().parent.parent


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_real_handbook_passes(capsys):
    assert main(["check", "--root", str(ROOT)]) == 0
    assert "no problems" in capsys.readouterr().out


def test_missing_twin_is_reported(tmp_path, capsys):
    write(tmp_path / "docs" / "index.md", "# Trang chủ\n")
    assert main(["check", "--root", str(tmp_path)]) == 1
    assert "no English twin" in capsys.readouterr().out


def test_heading_ids_must_match(tmp_path):
    write(tmp_path / "index.md", "# A\n\n## Căn cứ { #legal-basis }\n\n## Khác { #other }\n")
    write(tmp_path / "index.en.md",
          "# A\n\n## Legal basis { #legal-basis }\n\n## Other { #others }\n")
    problems = checks.check_twins(tmp_path)
    assert len(problems) == 1
    assert "only in Vietnamese ['other']" in problems[0]
    assert "only in English ['others']" in problems[0]


def test_front_matter_must_parse_and_describe_the_page(tmp_path):
    write(tmp_path / "ok.md", '---\ndescription: "Cách dùng: đọc trước"\n---\n# A\n')
    write(tmp_path / "colon.md", "---\ndescription: Cách dùng: đọc trước\n---\n# A\n")
    write(tmp_path / "none.md", "# A\n")
    write(tmp_path / "empty.md", "---\ntitle: A\n---\n# A\n")
    problems = checks.check_front_matter(tmp_path)
    assert len(problems) == 3
    assert "colon.md: front matter is not valid YAML" in problems[0]
    assert "empty.md: front matter has no description" in problems[1]
    assert "none.md: no front matter" in problems[2]


def test_nfd_text_is_reported(tmp_path):
    write(tmp_path / "a.md", "# Truye\u0300n thông\n")
    assert checks.check_nfc(tmp_path) == [f"{tmp_path / 'a.md'}:1: text is not in Unicode NFC"]


def test_chapter_needs_legal_basis_and_words(tmp_path):
    write(tmp_path / "chapters" / "01-x.md", "# Chương 1\n\n## Tóm tắt { #summary }\n\nít chữ\n")
    write(tmp_path / "chapters" / "01-x.en.md", "# Chapter 1\n\n## Summary { #summary }\n")
    problems = checks.check_chapters(tmp_path)
    assert any("no legal-basis section" in p for p in problems)
    assert any("words, a chapter needs at least 2000" in p for p in problems)


def test_cited_document_must_be_in_legal_index(tmp_path):
    write(tmp_path / "chapters" / "01-x.md", "Theo Nghị định 09/2017/NĐ-CP và Chỉ thị 07/CT-TTg.")
    write(tmp_path / "reference" / "legal-index.md", "| 07/CT-TTg | 21/3/2023 |")
    problems = checks.check_legal_index(tmp_path)
    assert len(problems) == 1 and "09/2017/NĐ-CP" in problems[0]


def test_undefined_abbreviation(tmp_path):
    abbr = tmp_path / "abbr.md"
    write(abbr, "*[UBND]: Ủy ban nhân dân – People's Committee\n")
    write(tmp_path / "docs" / "a.md", "UBND xã và HĐND xã; Mục II.5.b\n\n```text\nKẾ HOẠCH\n```\n")
    problems = checks.check_abbreviations(tmp_path / "docs", abbr)
    assert len(problems) == 1 and "HĐND" in problems[0]


def test_document_numbers_are_recognised():
    text = "07/CT-TTg, 09/2017/NĐ-CP, 103/2016/QH13, 2017/BTTTT, 5547/KH-UBND, 21/3/2023"
    assert pages.cited_documents(text) == {
        "07/CT-TTg", "09/2017/NĐ-CP", "103/2016/QH13", "2017/BTTTT", "5547/KH-UBND"}


def test_vietnamese_slugs_keep_d():
    assert slugify("Điểm mới của Luật Báo chí") == "diem-moi-cua-luat-bao-chi"
    assert slugify("Truye\u0300n thông") == "truyen-thong"


VI_BOX = '!!! question "Điểm cần kiểm tra (cập nhật 12/2026)"\n    - Một điểm.\n'
EN_BOX = '!!! question "Points to check (as of December 2026)"\n    - One point.\n'


def test_first_person_is_reported_in_any_page(tmp_path):
    write(tmp_path / "chapters" / "01-x.md", "# A\n\nTheo nguồn Chúng Tôi kiểm tra.\n")
    write(tmp_path / "reference" / "glossary.en.md", "# A\n\nWe checked.\n")
    problems = voice.check_first_person(tmp_path)
    assert len(problems) == 1
    assert "01-x.md:3" in problems[0] and "chúng tôi" in problems[0]


def test_each_chapter_needs_one_dated_points_to_check_box(tmp_path):
    chapters = tmp_path / "chapters"
    write(chapters / "01-ok.md", f"# A\n\n{VI_BOX}")
    write(chapters / "01-ok.en.md", f"# A\n\n{EN_BOX}")
    write(chapters / "02-none.md", "# A\n")
    write(chapters / "02-none.en.md", f"# A\n\n{EN_BOX}\n{EN_BOX}")
    write(chapters / "03-undated.md", '# A\n\n!!! question "Điểm cần kiểm tra"\n    - x\n')
    write(chapters / "03-undated.en.md",
          '# A\n\n!!! warning "Points to check (as of Dec 2026)"\n    - x\n')
    problems = voice.check_points_to_check(checks.chapter_pages(tmp_path))
    flagged = sorted(Path(p.split(":")[0]).name for p in problems)
    assert flagged == ["02-none.en.md", "02-none.md", "03-undated.en.md", "03-undated.md"]


def test_legal_index_rows_need_a_date_and_public_links(tmp_path):
    write(tmp_path / "reference" / "legal-index.md", "\n".join([
        "| Số hiệu | Ngày | Nguồn |",
        "|---|---|---|",
        "| `09/2017/NĐ-CP` | 09/02/2017 | [thuvienphapluat.vn](https://thuvienphapluat.vn/a) |",
        "| `55/2025/NĐ-CP` | — | [stp.hanam.gov.vn](https://stp.hanam.gov.vn/b) |",
        "| `52/2016/QĐ-TTg` | 06/12/2016 | Dữ kiện 48 |",
        "| `5547/KH-UBND` | 30/11/2023 | Ghi chú §4; [x](https://example.vn/c) |",
        "| `2761/BNV-TC` | 09/6/2021 | [tệp nội bộ](sources/S4.txt) |",
        "",
    ]))
    problems = voice.check_legal_index_rows(tmp_path)
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in problems] == ["4", "5", "6", "7"]
    assert "blank date" in problems[0] and "Dữ kiện 48" in problems[1]


def test_english_legal_index_is_checked_too(tmp_path):
    write(tmp_path / "reference" / "legal-index.en.md", "\n".join([
        "| Number | Date | Source |",
        "|---|---|---|",
        "| `09/2017/NĐ-CP` | 9 February 2017 | [tvpl.vn](https://tvpl.vn/a) |",
        "| `55/2025/NĐ-CP` |  | Fact 51 |",
        "",
    ]))
    problems = voice.check_legal_index_rows(tmp_path)
    assert len(problems) == 2
    assert all("legal-index.en.md:4" in p for p in problems)
