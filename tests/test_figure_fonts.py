"""PDF figures embed DejaVu Sans without its layout tables: the same page, the same glyphs, written faster."""
import contextlib
import io
import re
import zlib

from fontTools.ttLib import TTFont

from experiments.output.figures import base


def streams(pdf: bytes) -> tuple[list[bytes], list[TTFont]]:
    """(page and other streams, embedded TrueType fonts) of a PDF matplotlib wrote."""
    other, fonts = [], []
    for m in re.finditer(rb"<<((?:(?!>>\s*stream).)*?)>>\s*stream\r?\n", pdf, re.S):
        data = pdf[m.end():pdf.index(b"endstream", m.end())]
        data = zlib.decompressobj().decompress(data) if b"FlateDecode" in m.group(1) else data
        (fonts.append(TTFont(io.BytesIO(data))) if b"Length1" in m.group(1) else other.append(data))
    return other, fonts


def drawn(path) -> bytes:
    fig, ax = base.plt.subplots(figsize=(3, 2))
    ax.set_title("dissuasion « nucléaire » : effet, fin, afflux")  # fi, ff, ffl: ligatures in the font
    ax.plot([1, 2, 3], [0.2, 0.5, 0.4], label="réassurance (baseline)")
    ax.legend()
    return base.save(fig, path)[0].read_bytes()


def test_the_page_is_unchanged_and_the_font_keeps_every_glyph_it_draws(tmp_path, monkeypatch):
    lean_pages, lean_fonts = streams(drawn(tmp_path / "lean"))
    monkeypatch.setattr(base, "lean_font_subsets", contextlib.nullcontext)  # the fonts as matplotlib embeds them
    full_pages, full_fonts = streams(drawn(tmp_path / "full"))
    assert lean_pages == full_pages  # every glyph is placed by the page itself, with the same codes
    for full, lean in zip(full_fonts, lean_fonts, strict=True):
        assert "GPOS" in full and not {"GSUB", "GPOS", "GDEF"} & set(lean.keys())
        kept = lean.getGlyphOrder()
        assert kept == full.getGlyphOrder()[:len(kept)]  # the same numbers for the glyphs drawn
        assert all(lean["glyf"][g].compile(lean["glyf"]) == full["glyf"][g].compile(full["glyf"]) for g in kept)
        assert all(lean["hmtx"][g] == full["hmtx"][g] for g in kept)
    assert (tmp_path / "lean.png").read_bytes() == (tmp_path / "full.png").read_bytes()
