"""The year's report as a printable PDF: the tables of ``annual_report`` with two charts.

DejaVu Sans everywhere, charts included (reportlab's default Helvetica has no Vietnamese
letters); A4 landscape so the course table fits without wrapping every cell.
"""

import io
from datetime import date

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from quiz_server.core import annual_report, pdf_fonts
from quiz_server.core.decimals import decimal_text

HELD = {"vi": "{code} — {title} ({start} – {end}{place}): {n} học viên, {done} hoàn thành, "
              "{ok} đạt",
        "en": "{code} — {title} ({start} – {end}{place}): {n} trainees, {done} completed, "
              "{ok} passed"}
HEADINGS = {
    "vi": ("Báo cáo kết quả bồi dưỡng — nhiệm vụ II.5.a (Quyết định 765/QĐ-BTTTT)",
           "Học viên, hoàn thành và đạt theo khóa", "Học viên theo tỉnh/thành phố"),
    "en": ("Training report — task II.5.a (Decision 765/QĐ-BTTTT)",
           "Trainees, completed and passed per course", "Trainees by province"),
}
BLUE, GREEN, ORANGE = colors.HexColor("#4051B5"), colors.HexColor("#2E7D32"), \
    colors.HexColor("#E65100")


def _styles(regular, bold):
    return (ParagraphStyle("h1", fontName=bold, fontSize=15, leading=19, spaceAfter=6),
            ParagraphStyle("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=10,
                           spaceAfter=4),
            ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9))


def _cell(value, style, locale="vi"):
    if value is None:
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        value = decimal_text(value, 1, locale)
    return Paragraph(str(value).replace("&", "&amp;").replace("<", "&lt;"), style)


def _table(headers, rows, cell_style, bold, locale):
    head = ParagraphStyle("head", parent=cell_style, fontName=bold, textColor=colors.white)
    body = [[_cell(h, head) for h in headers]] + [[_cell(v, cell_style, locale) for v in row]
                                                 for row in rows]
    table = Table(body, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), BLUE), ("FONTNAME", (0, 0), (-1, -1), cell_style.fontName),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5), ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _course_chart(data, locale, font):
    words = annual_report.WORDS[locale]
    drawing = Drawing(24 * cm, 7 * cm, initialFontName=font)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, 15 * cm, 5 * cm
    chart.data = [[c[k] for c in data["courses"]] or [0]
                  for k in ("enrolled", "completed", "passed")]
    chart.categoryAxis.categoryNames = [c["course"].code for c in data["courses"]] or ["—"]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 7
    chart.valueAxis.valueMin = 0
    for index, colour in enumerate((BLUE, GREEN, ORANGE)):
        chart.bars[index].fillColor = colour
    legend = Legend()
    legend.x, legend.y, legend.fontName, legend.fontSize = 16.5 * cm, 5.5 * cm, font, 8
    legend.colorNamePairs = [(BLUE, words["enrolled"]), (GREEN, words["completed"]),
                             (ORANGE, words["passed"])]
    drawing.add(chart)
    drawing.add(legend)
    return drawing


def _province_chart(data, locale, font):
    groups = annual_report.group_tables(data, locale)[0][2][:12]
    drawing = Drawing(24 * cm, max(3, len(groups)) * 0.6 * cm + 2 * cm, initialFontName=font)
    chart = HorizontalBarChart()
    chart.x, chart.y = 5 * cm, 20
    chart.width, chart.height = 14 * cm, max(3, len(groups)) * 0.6 * cm
    chart.data = [[row[1] for row in reversed(groups)] or [0]]
    chart.categoryAxis.categoryNames = [str(row[0]) for row in reversed(groups)] or ["—"]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BLUE
    drawing.add(chart)
    if not groups:
        drawing.add(String(5 * cm, 30, "—", fontName=font))
    return drawing


def to_pdf(data, locale):
    regular, bold = pdf_fonts.register()
    h1, h2, cell = _styles(regular, bold)
    title, course_heading, province_heading = HEADINGS[locale]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=1.5 * cm,
                            rightMargin=1.5 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm,
                            title=title, initialFontName=regular)
    story = [Paragraph(title, h1)]
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    for figures in data["courses"]:
        course = figures["course"]
        line = HELD[locale].format(
            code=course.code, title=course.title(locale),
            start=_cell(date.fromisoformat(course.starts_on), body),
            end=_cell(date.fromisoformat(course.ends_on), body),
            place=f", {course.place}" if course.place else "", n=figures["enrolled"],
            done=figures["completed"], ok=figures["passed"])
        story.append(Paragraph(line.replace("&", "&amp;").replace("<", "&lt;"), body))
    for index, (name, headers, rows) in enumerate(annual_report.tables(data, locale)):
        story += [Paragraph(name, h2), _table(headers, rows, cell, bold, locale)]
        if index == 1:
            story += [Paragraph(course_heading, h2), _course_chart(data, locale, regular)]
        if index == 2:
            story += [Paragraph(province_heading, h2), _province_chart(data, locale, regular)]
        story.append(Spacer(1, 6))
    doc.build(story)
    return out.getvalue()
