"""The change detector: an output is made again exactly when something its render read changed;
its build record cannot be forged by a content pack nor made to read outside the workspace; a new
output is one entry in the output table.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL_KIT, SAMPLE_KIT, deck_text, edit, normal, pdf_text, set_field, statuses

KIT = SAMPLE_KIT
OUT = f"build/{KIT}"
BOOK = "content/topics/reverse-mentoring/book-club.yaml"
KIT_FILE = f"content/kits/{KIT}.yaml"
SMALL_OUT = f"build/{MINIMAL_KIT}"
SMALL_CASE = "content/topics/listening/case-studies/quiet-meeting.yaml"
SMALL_KIT_FILE = f"content/kits/{MINIMAL_KIT}.yaml"

OPENED: list[str] = []
"""Paths this test process opened while `_watch_opens` was on (Python's audit hook `open` event)."""
_WATCHING = [False]


def _audit(event: str, args: tuple) -> None:
    if _WATCHING[0] and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@pytest.fixture
def watch_opens():
    """The paths opened from now on (clear it to start afresh)."""
    OPENED.clear()
    _WATCHING[0] = True
    yield OPENED
    _WATCHING[0] = False


def _text(path: Path) -> str:
    """An output's words: a PDF's text, or a deck's slides and speaker notes."""
    return normal(pdf_text(path) if path.suffix == ".pdf" else deck_text(path, notes=True))


def _job(root: Path, output: str, kit: str = KIT):
    from kitgen.outputs import OUTPUTS
    from kitgen.plan import plan
    from kitgen.request import Request
    from kitgen.validation import validate
    checked = validate(root, [kit])
    assert not checked.problems.errors, checked.problems.errors
    [job] = plan(checked.workspace, checked.sessions, Request([kit], [output]), OUTPUTS)
    return job


# --------------------------------------------------------------------------- field by field


def test_one_field_edit_rebuilds_exactly_the_outputs_that_show_it(kitgen, prebuilt):
    set_field(prebuilt / BOOK, "logistics", "Bring the quarterly zeppelin report.")
    result = kitgen("build", "-C", prebuilt, KIT)
    assert result.code == 0, result.text
    status = statuses(result)
    assert len(status) == 6 and "failed" not in status.values()
    for name, state in status.items():
        shows = "zeppelin" in _text(prebuilt / OUT / name)
        assert shows == (state == "built"), f"{name} {state} but {'shows' if shows else 'does not show'} the edit"
    assert "built" in status.values() and "unchanged" in status.values()


def test_every_place_a_render_read_names_a_value_of_the_context(built_material, built_minimal):
    """Each place the record keeps must name a value of the context the render saw: a place naming
    nothing has the same digest whatever its field holds, so an edit there would rebuild nothing."""
    from kitgen.changes import Record
    from kitgen.outputs import OUTPUTS
    from kitgen.plan import plan
    from kitgen.request import Request
    from kitgen.validation import validate
    from kitgen.views import _Missing, lookup
    for ws in (built_material, built_minimal):
        checked = validate(ws, None, OUTPUTS)
        record = Record(ws / "build")
        for job in plan(checked.workspace, checked.sessions, Request([], quiet=True), OUTPUTS):
            places = [tuple(p) for p in record.entry(job)["places"]]
            ctx = job.context()
            assert places and not [p for p in places if isinstance(lookup(ctx, p), _Missing)], job.path.name
    # the material root has a block of its own and a second topic: their fields are read through the agenda
    read = {tuple(p[:1]) for entry in Record(built_material / "build").outputs.values() for p in entry["places"]}
    assert {("blocks",), ("topics",)} <= read


@pytest.mark.parametrize("file, field, value, shown_in", [
    ("content/topics/motivation/blocks/do-no-harm.yaml", "text", "The zeppelin habit.",
     {"facilitator-guide", "participant-workbook", "slides"}),
    ("content/topics/design-methods/topic.yaml", "definition", "A zeppelin is a method.",
     {"facilitator-guide", "participant-workbook", "slides"}),
], ids=["own block", "second topic"])
def test_an_edit_to_a_block_of_its_own_or_another_topic_rebuilds_what_shows_it(kitgen, prebuilt_material,
                                                                                file, field, value, shown_in):
    ws = prebuilt_material
    set_field(ws / file, field, value)
    made = statuses(kitgen("build", "-C", ws))
    rebuilt = {name.removeprefix("teaching-day-").rsplit(".", 1)[0] for name, state in made.items() if state == "built"}
    assert shown_in <= rebuilt, made
    for name in made:
        path = ws / "build" / "teaching-day" / name
        text = deck_text(path, notes=True) if path.suffix == ".pptx" else pdf_text(path)
        assert "zeppelin" not in normal(text) or made[name] == "built", name


def test_a_layout_rebuilds_the_outputs_that_ask_for_it(kitgen, prebuilt_minimal):
    """An output depends on the layouts its render asked for, not on the whole layouts folder: a layout
    that replaces the book-club guide's remakes that guide only, one no render asks for remakes
    nothing, and an edit to the replacement remakes the guide again."""
    layouts = prebuilt_minimal / "layouts"
    layouts.mkdir()
    guide = f"{MINIMAL_KIT}-book-club-guide.pdf"
    (layouts / "book-club-guide.html").write_text('{% extends "builtin/book-club-guide.html" %}\n', encoding="utf-8")
    result = kitgen("build", "-C", prebuilt_minimal)
    assert result.code == 0, result.text
    made = statuses(result)
    assert made.pop(guide) == "built" and len(made) == 5 and set(made.values()) == {"unchanged"}, result.out
    (layouts / "unused.html").write_text('{% extends "builtin/base.html" %}\n', encoding="utf-8")
    result = kitgen("build", "-C", prebuilt_minimal)
    assert set(statuses(result).values()) == {"unchanged"} and len(statuses(result)) == 6, result.out
    (layouts / "book-club-guide.html").write_text('{% extends "builtin/book-club-guide.html" %}\n'
                                                  '{% block cover %}{% endblock %}\n', encoding="utf-8")
    assert statuses(kitgen("build", "-C", prebuilt_minimal))[guide] == "built"
    from kitgen.changes import Record
    inputs = Record(prebuilt_minimal / "build").outputs[f"{MINIMAL_KIT}/{MINIMAL_KIT}-case-cards.pdf"]["inputs"]
    assert {"layouts/case-cards.html", "layouts/base.html"} <= set(inputs)  # asked for, served built-in
    assert "layouts/book-club-guide.html" not in inputs and "layouts/unused.html" not in inputs


def test_the_record_holds_the_places_each_render_read(prebuilt):
    """Python writers are noted like layouts: the deck reads its template settings and the kit's theme choices."""
    from kitgen.changes import Record
    places = {name: {tuple(p) for p in entry["places"]} for name, entry in Record(prebuilt / "build").outputs.items()}
    deck, cards = places[f"{KIT}/{KIT}-slides.pptx"], places[f"{KIT}/{KIT}-case-cards.pdf"]
    assert {("kit", "deck", "template"), ("kit", "deck", "layouts"), ("kit", "theme", "explicit")} <= deck
    assert ("discussion", "closing") in deck and ("discussion", "closing") not in cards
    assert ("book_club", "logistics") not in deck  # the agenda has no book club: the deck shows none
    assert ("case_studies",) in cards and ("kit", "title") in cards


def test_an_edit_no_render_reads_rebuilds_nothing(kitgen, prebuilt):
    book = prebuilt / BOOK
    book.write_text(book.read_text(encoding="utf-8") + "\n# a note for the next editor\n", encoding="utf-8")
    result = kitgen("build", "-C", prebuilt, KIT)
    assert result.code == 0, result.text
    assert set(statuses(result).values()) == {"unchanged"} and len(statuses(result)) == 6


def test_a_digest_covers_the_places_read_and_the_length_of_lists(sample):
    from kitgen.context import read_places
    from kitgen.views import Reads
    reads = Reads()
    ctx = _job(sample, "book-club-guide").context(reads)
    assert ctx.book_club.logistics and [block.title for block in ctx.agenda]
    places = read_places(reads)
    assert ("book_club", "logistics") in places and ("agenda",) in places
    before = _job(sample, "book-club-guide").read_digest(places)
    set_field(sample / BOOK, "facilitation_tips", ["Start on time."])  # not read
    assert _job(sample, "book-club-guide").read_digest(places) == before
    set_field(sample / BOOK, "logistics", "Meet monthly.")  # read
    changed = _job(sample, "book-club-guide").read_digest(places)
    assert changed != before
    edit(sample / KIT_FILE, "agenda:\n", "agenda:\n  - {block: energizer, minutes: 5}\n")  # one block more
    edit(sample / KIT_FILE, "duration: 210", "duration: 215")
    assert _job(sample, "book-club-guide").read_digest(places) != changed


# --------------------------------------------------------------------------- the record cannot be forged


def _forge(out_root: Path, name: str, digest: str, key: bytes) -> None:
    """Make the record say the output `name` is the file of hash `digest`, signed with `key`."""
    import hmac
    path = out_root / ".kitgen-manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    body = data["body"]
    body["outputs"][name]["output"] = digest
    for answer in body["requests"].values():
        answer["outputs"] = [[n, digest if n == name else d, size] for n, d, size in answer["outputs"]]
    message = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    data["mac"] = hmac.new(key, message, hashlib.sha256).hexdigest()
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_record_signed_on_another_machine_is_ignored(kitgen, prebuilt_minimal):
    """A pack ships its build folder: a replaced PDF, and a record edited to describe it (M1)."""
    from kitgen import changes
    name = f"{MINIMAL_KIT}/{MINIMAL_KIT}-case-cards.pdf"
    target = prebuilt_minimal / "build" / name
    evil = b"%PDF-1.4\n% ATTACKER-SUPPLIED PDF, not built\n"
    evil += b" " * (target.stat().st_size - len(evil))  # the same size as the real one
    digest = hashlib.sha256(evil).hexdigest()
    target.write_bytes(evil)
    _forge(prebuilt_minimal / "build", name, digest, changes._key())  # signed here, such a record is believed...
    believed = kitgen("build", "-C", prebuilt_minimal, MINIMAL_KIT, "--only", "case-cards")
    assert statuses(believed) == {f"{MINIMAL_KIT}-case-cards.pdf": "unchanged"}
    _forge(prebuilt_minimal / "build", name, digest, os.urandom(32))  # ...signed on the attacker's machine, it is not
    result = kitgen("build", "-C", prebuilt_minimal, MINIMAL_KIT, "--only", "case-cards")
    assert result.code == 0, result.text
    assert statuses(result) == {f"{MINIMAL_KIT}-case-cards.pdf": "built"}
    assert target.read_bytes() != evil and "ATTACKER" not in pdf_text(target)


def test_an_output_replaced_behind_kitgens_back_is_made_again(kitgen, prebuilt_minimal):
    """Outputs are checked by content hash, not size: a same-size file is not the file kitgen wrote."""
    target = prebuilt_minimal / SMALL_OUT / f"{MINIMAL_KIT}-case-cards.pdf"
    size = target.stat().st_size
    target.write_bytes(b"%PDF-1.4\n%" + b"x" * (size - 10))
    assert target.stat().st_size == size
    result = kitgen("build", "-C", prebuilt_minimal, MINIMAL_KIT, "--only", "case-cards")
    assert statuses(result) == {f"{MINIMAL_KIT}-case-cards.pdf": "built"}
    assert "Case" in pdf_text(target)


# --------------------------------------------------------------------------- the record cannot reach outside


def test_record_names_outside_the_workspace_are_never_read(kitgen, prebuilt_minimal, watch_opens):
    """A record naming `../outside.txt` or an absolute path as an input is not trusted, and not read (L2)."""
    from kitgen.changes import Record
    outside = prebuilt_minimal.parent / "outside.txt"
    outside.write_text("SECRET-CANARY", encoding="utf-8")
    record = Record(prebuilt_minimal / "build")
    assert record.outputs, "the copied record verifies with this machine's key"
    bad = ["../outside.txt", str(outside), "content/../../outside.txt"]
    record.outputs[f"{MINIMAL_KIT}/{MINIMAL_KIT}-case-cards.pdf"]["inputs"] += bad
    for answer in record.requests.values():
        answer["inputs"] += bad
    record.save()
    watch_opens.clear()
    result = kitgen("build", "-C", prebuilt_minimal, MINIMAL_KIT, "--only", "case-cards")
    assert result.code == 0, result.text
    assert statuses(result) == {f"{MINIMAL_KIT}-case-cards.pdf": "built"}  # an entry naming outside files is not trusted
    assert not [p for p in watch_opens if Path(p).name == "outside.txt"]


def test_hashing_layouts_never_follows_a_link_out_nor_reads_a_huge_file(kitgen, minimal, watch_opens):
    """Links leaving the workspace are skipped; a file over the size bound is known by size and time,
    never read (L2); a file in layouts/ that no render asks for remakes nothing."""
    from kitgen import changes
    canary = minimal.parent / "canary.txt"
    canary.write_text("SECRET-CANARY", encoding="utf-8")
    (minimal / "layouts").mkdir()
    os.symlink(canary, minimal / "layouts" / "notes.txt")
    with open(minimal / "layouts" / "big.bin", "wb") as handle:
        handle.truncate(3 * 2 ** 30)  # sparse: 3 GiB that takes no space
    os.mkfifo(minimal / "layouts" / "pipe")
    assert changes.file_digest(minimal, "layouts/notes.txt") == "refused"
    assert changes.file_digest(minimal, "layouts/big.bin").startswith("large:")
    assert changes.file_digest(minimal, "layouts/pipe") == "refused"
    watch_opens.clear()
    result = kitgen("build", "-C", minimal, MINIMAL_KIT, "--only", "case-cards")
    assert result.code == 0, result.text
    assert str(canary) not in watch_opens and not [p for p in watch_opens if p.endswith("canary.txt")]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2 * 2 ** 20  # KiB: the 3 GiB were never read
    before = changes.file_digest(minimal, "layouts/big.bin")
    os.utime(minimal / "layouts" / "big.bin", ns=(1, 1))  # its time stands for its bytes
    assert changes.file_digest(minimal, "layouts/big.bin") != before
    again = kitgen("build", "-C", minimal, MINIMAL_KIT, "--only", "case-cards")
    assert statuses(again) == {f"{MINIMAL_KIT}-case-cards.pdf": "unchanged"}
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2 * 2 ** 20


def test_the_machine_key_is_private(private_cache):
    from kitgen import changes
    changes._key()
    key = private_cache / "kitgen" / "record.key"
    assert key.is_file() and key.stat().st_mode & 0o777 == 0o600


# --------------------------------------------------------------------------- a new output is one table entry


def test_a_writer_added_to_the_table_builds_without_touching_the_pipeline(minimal):
    """A toy output made from another output's file: planned after it, remade when that file changes."""
    from kitgen.atomic import write_text
    from kitgen.build import build
    from kitgen.outputs import OUTPUTS, OutputSpec
    from kitgen.request import Request
    from kitgen.writers.base import Writer, Written

    class PageCount(Writer):
        kind, suffix = "text", ".txt"

        def write(self, ctx, spec, workspace, path, needs):
            from pypdf import PdfReader
            pages = len(PdfReader(needs["case-cards"]).pages)
            write_text(path, f"{ctx.kit.title.plain}: {pages} case-card pages\n")
            return Written(1)

    table = {**OUTPUTS, "page-count": OutputSpec("page-count", PageCount(), "participant", "", needs=("case-cards",),
                                                 material=False)}
    set_field(minimal / SMALL_KIT_FILE, "outputs", ["page-count"])
    first = {r.output: r.status for r in build(minimal, Request([MINIMAL_KIT], quiet=True, jobs=1), table)}
    assert first == {"case-cards": "built", "page-count": "built"}
    from pypdf import PdfReader
    cards = minimal / SMALL_OUT / f"{MINIMAL_KIT}-case-cards.pdf"
    text = (minimal / SMALL_OUT / f"{MINIMAL_KIT}-page-count.txt").read_text(encoding="utf-8")
    assert text == f"Listening Well in Team Meetings: {len(PdfReader(cards).pages)} case-card pages\n"
    assert {r.status for r in build(minimal, Request([MINIMAL_KIT], quiet=True, jobs=1), table)} == {"unchanged"}
    set_field(minimal / SMALL_CASE, "title", "A renamed case")
    third = {r.output: r.status for r in build(minimal, Request([MINIMAL_KIT], quiet=True, jobs=1), table)}
    assert third == {"case-cards": "built", "page-count": "built"}


def test_an_output_kitgen_does_not_make_is_located_in_the_kit(kitgen, sample):
    set_field(sample / KIT_FILE, "outputs", ["case-cards", "posters"])
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert re.search(rf"{KIT_FILE}:\d+:\d+: outputs\[1\]: kitgen makes no output 'posters'", result.err), result.err
