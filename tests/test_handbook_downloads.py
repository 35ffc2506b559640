"""Which downloads the home pages link to: only the files present in dist/."""

from types import SimpleNamespace

from handbook.offline_hooks import megabytes, present


def config_for(tmp_path):
    return SimpleNamespace(plugins={}, config_file_path=str(tmp_path / "mkdocs.yml"))


def test_links_only_to_files_present(tmp_path, monkeypatch):
    monkeypatch.delenv("HANDBOOK_DIST", raising=False)
    config = config_for(tmp_path)
    assert present(config, "vi") == [] and present(config, "en") == []
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "so-tay-vi.pdf").write_bytes(b"%PDF" * 1000)
    assert [name for name, _, _ in present(config, "vi")] == ["so-tay-vi.pdf"]
    assert present(config, "en") == []
    (tmp_path / "dist" / "so-tay-offline.zip").write_bytes(b"PK")
    assert [name for name, _, _ in present(config, "en")] == ["so-tay-offline.zip"]


def test_sizes_use_the_language_decimal_mark():
    assert megabytes(1_234_567, "vi") == "1,2 MB"
    assert megabytes(1_234_567, "en") == "1.2 MB"
