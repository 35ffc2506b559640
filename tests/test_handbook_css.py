"""The stylesheet purge: rules of unused features go, everything a page or the theme uses stays."""

from handbook.css_hooks import purge

CSS = (".md-header{color:red}.md-tag,.md-typeset a{color:blue}.md-tag{x:1}"
       "@media print{.md-banner{display:none}.md-header{display:none}}"
       "@media screen{.md-version__list{y:1}}"
       ".highlight code{z:1}.md-search-result mark{w:1}"
       "@keyframes md-tag{0%{a:1}}.md-typeset :is(.tabbed-set,p){v:1}")


def test_drops_unused_feature_rules_and_keeps_the_rest():
    out = purge(CSS, keep={"md-header", "highlight"})
    assert ".md-header{color:red}" in out
    assert ".md-typeset a{color:blue}" in out and ".md-tag{x:1}" not in out
    assert "@media print{.md-header{display:none}}" in out
    assert "md-version" not in out and "md-banner" not in out
    assert ".highlight code{z:1}" in out  # code blocks are on the pages
    assert ".md-search-result mark{w:1}" in out  # added by the theme's JavaScript
    assert "@keyframes md-tag{0%{a:1}}" in out
    assert "tabbed-set" not in out


def test_keeps_a_feature_class_that_a_page_has():
    assert ".md-tag{x:1}" in purge(".md-tag{x:1}", keep={"md-tag"})


def test_palette_keeps_the_colours_the_pages_name_and_both_schemes():
    css = ("[data-md-color-scheme=slate]{a:1}[data-md-color-primary=red]{b:1}"
           "[data-md-color-primary=indigo]{c:1}@media screen{[data-md-color-accent=red]{d:1}}")
    out = purge(css, keep=set(), colours={"indigo"})
    assert out == "[data-md-color-scheme=slate]{a:1}[data-md-color-primary=indigo]{c:1}"
