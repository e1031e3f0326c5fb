"""Incremental PDF updates and folder outputs: small, fast units (no rendering)."""

from __future__ import annotations

import io

import pikepdf
import pypdf
import pytest

from kitgen.atomic import write_folder
from kitgen.pdfupdate import Appender, UpdateError


def _pdf(text: bytes = b"BT /F1 12 Tf 72 720 Td (original) Tj ET") -> bytes:
    pdf = pikepdf.Pdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page = pdf.add_blank_page(page_size=(612, 792))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(text)
    for _ in range(2):
        pdf.add_blank_page(page_size=(612, 792))
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _changed(appender: Appender, word: bytes) -> bytes:
    pdf = appender.open()
    first_new = int(pdf.trailer.Size)
    page = pdf.pages[0].obj
    extra = pdf.make_indirect(pikepdf.Dictionary(Note=pikepdf.String(word.decode())))  # a new object, reached
    page.Contents = pikepdf.Array([page.Contents, pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (" + word + b") Tj ET")])
    page.KgNote = extra
    return appender.update(pdf, first_new, [page])


def test_an_update_is_the_original_plus_the_changes():
    original = _pdf()
    appender = Appender(original)
    first, second = _changed(appender, b"alpha"), _changed(appender, b"beta")
    assert first.startswith(original) and second.startswith(original)
    assert len(first) - len(original) < 1500
    for data, word in ((first, "alpha"), (second, "beta")):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert pdf.check_pdf_syntax() == [] and len(pdf.pages) == 3
            assert str(pdf.pages[0].obj.KgNote.Note) == word
        text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert "original" in text and word in text
    assert "beta" not in pypdf.PdfReader(io.BytesIO(first)).pages[0].extract_text()


def test_updates_are_deterministic_and_unchanged_objects_stay_put():
    original = _pdf()
    assert _changed(Appender(original), b"alpha") == _changed(Appender(original), b"alpha")
    data = _changed(Appender(original), b"alpha")
    update = data[len(original):]
    assert update.count(b" 0 obj") == 4  # the page, its new stream, the new note and the xref stream
    assert b"/Helvetica" not in update  # the font was not touched, so not written again


def test_an_original_without_startxref_is_refused():
    with pytest.raises(UpdateError):
        Appender(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")


def test_a_folder_output_replaces_the_previous_set_whole(tmp_path):
    target = tmp_path / "named"
    write_folder(target, lambda folder: [(folder / f"{n}.pdf").write_bytes(b"one") for n in range(3)])
    write_folder(target, lambda folder: (folder / "0.pdf").write_bytes(b"two"))
    assert sorted(p.name for p in target.iterdir()) == ["0.pdf"] and (target / "0.pdf").read_bytes() == b"two"

    def fail(folder):
        (folder / "half.pdf").write_bytes(b"x")
        raise RuntimeError("stopped")
    with pytest.raises(RuntimeError):
        write_folder(target, fail)
    assert sorted(p.name for p in target.iterdir()) == ["0.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["named"]  # no temporary folder left behind
