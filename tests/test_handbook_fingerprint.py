"""Asset names that change with their content, and the handbook's scripts sent compact."""

from pathlib import Path

from handbook.fingerprint_hooks import compact_js, fingerprinted, rename_assets, rewrite_pages

SOURCE = """/*
 * What it does.
 */
(function () {
  "use strict"
  /* a note
     on two lines */
  var a = "/* not a comment */" // kept
  if (a) return  /* kept: code comes first */

  call(a)
})()
"""


def test_compact_js_drops_whole_line_comments_and_indentation_only():
    out = compact_js(SOURCE)
    assert out == ('(function () {\n"use strict"\nvar a = "/* not a comment */" // kept\n'
                   'if (a) return  /* kept: code comes first */\ncall(a)\n})()\n')


def test_name_follows_the_content_and_pages_follow_the_name(tmp_path):
    css = tmp_path / "assets" / "stylesheets" / "main.57a0d79d.min.css"
    css.parent.mkdir(parents=True)
    css.write_text("a{}", encoding="utf-8")
    assert fingerprinted(css, b"a{}") != fingerprinted(css, b"b{}")
    assert fingerprinted(Path("x/handbook.js"), b"1").name.startswith("handbook.")
    page = tmp_path / "index.html"
    page.write_text('<link rel="stylesheet" href="assets/stylesheets/main.57a0d79d.min.css">',
                    encoding="utf-8")
    moves = rename_assets(tmp_path)
    rewrite_pages(tmp_path, moves)
    new = moves["assets/stylesheets/main.57a0d79d.min.css"]
    assert (tmp_path / new).read_text(encoding="utf-8") == "a{}" and not css.exists()
    assert new in page.read_text(encoding="utf-8") and "57a0d79d" not in new
