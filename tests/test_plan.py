"""The session plan: segments per format, minutes that add up, content timing scaled to its slot,
groupings, days, materials, and the validation of all of it (located warnings and errors).

Workspaces are written in each test (a topic, a case, an activity and a kit of a few lines); nothing
here renders a document.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO

TOPIC = """\
title: Feedback
summary: Giving and asking for feedback.
key_insights: [Name the behaviour., Ask for it too.]
quote: {text: Listen first., attribution: Anon}
objectives: [Give specific feedback]
reflection_questions: ["When did feedback change what I do?"]
"""
CASE = """\
title: The Late Report
minutes: 40
segments: {brief: 4, read: 6, groups: 20, debrief: 10}
scenario: A report was late.
discussion_questions:
  - question: What should Sam say first?
    debrief: [Name the behaviour.]
  - What should Sam ask?
"""
ROLE_PLAY = """\
title: Pairs
kind: role-play
minutes: 20
grouping: trios
purpose: Practise.
steps:
  - {title: Prepare, minutes: 5, instructions: Write it down.}
  - {title: Play, minutes: 10, instructions: Take turns.}
  - {title: Plenary, minutes: 5, instructions: Ask the room.}
questions: ["What was hard?"]
materials:
  - Role briefs, one set per trio
  - A timer
"""
SPEAKER = """\
title: A Guest
kind: guest-speaker
minutes: 30
purpose: Hear it first-hand.
steps:
  - {title: Introduce, minutes: 2, instructions: Introduce them.}
  - {title: Story, minutes: 15, instructions: They talk.}
  - {title: Interview, minutes: 8, instructions: Ask them.}
  - {title: Thanks, minutes: 5, instructions: Thank them.}
questions: ["What surprised you?"]
"""


def workspace(root: Path, kit: str, files: dict[str, str] | None = None) -> Path:
    """A workspace with the topic `feedback`, its case `late-report` and activities, and the kit `k`
    (`files` replace or add files by their path in the workspace)."""
    content = {"content/topics/feedback/topic.yaml": TOPIC,
               "content/topics/feedback/case-studies/late-report.yaml": CASE,
               "content/topics/feedback/activities/pairs.yaml": ROLE_PLAY,
               "content/topics/feedback/activities/guest.yaml": SPEAKER,
               "content/kits/k.yaml": "title: K\ntopic: feedback\naudience: Leads\n" + textwrap.dedent(kit)}
    if "outputs:" not in kit:
        content["content/kits/k.yaml"] += "outputs: [facilitator-guide, participant-workbook, slides]\n"
    content.update(files or {})
    for name, text in content.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def checked(root: Path):
    from kitgen.validation import validate
    return validate(root)


def planned(root: Path):
    found = checked(root)
    assert not found.problems.errors, [str(p) for p in found.problems.errors]
    return found.sessions["k"].schedule, found.problems.warnings


def keys(plan) -> list[str]:
    return [s.key for s in plan.segments]


# --------------------------------------------------------------------------- formats and minutes


def test_every_block_of_the_sample_kits_is_cut_into_segments_that_add_up():
    found = checked(REPO)
    assert not found.problems.errors
    for kit, session in found.sessions.items():
        schedule = session.schedule
        assert [b.minutes for b in schedule.blocks] == [b.item.minutes for b in session.blocks], kit
        for plan in schedule.blocks:
            assert plan.segments, (kit, plan.anchor)
            assert sum(s.minutes for s in plan.segments) == plan.minutes, (kit, plan.anchor)
            assert all(s.minutes >= 1 for s in plan.segments)
            starts = [s.start for s in plan.segments]
            assert starts[0] == plan.block.start and starts == sorted(starts)
        assert schedule.total == sum(b.minutes for b in schedule.blocks)


def test_each_format_has_its_segments(tmp_path):
    schedule, _ = planned(workspace(tmp_path, """\
        start: "09:00"
        agenda:
          - {block: welcome, minutes: 15}
          - {case_study: late-report, minutes: 40}
          - {activity: pairs, minutes: 20}
          - {activity: guest, minutes: 30}
          - {reflection: true, minutes: 12}
          - {block: break, minutes: 10}
          - {block: close, minutes: 10}
        """))
    welcome, case, pairs, guest, reflection, pause, close = schedule.blocks
    assert keys(welcome) == ["open", "objectives", "quote", "introductions"]  # the parts the topic has
    assert welcome.segments[0].parts == ["title", "agenda"]                   # the opening block
    assert keys(case) == ["brief", "read", "groups", "debrief"]
    assert keys(pairs) == ["step-1", "step-2", "step-3"] and keys(guest) == ["step-1", "step-2", "step-3", "step-4"]
    assert keys(reflection) == ["write", "share"]
    assert [s.grouping.kind for s in reflection.segments] == ["individual", "pairs"]
    assert keys(pause) == ["break"] and keys(close) == ["key_insights", "commit", "thanks"]
    assert close.segments[0].parts == ["section", "key_insights"]
    # a guest speaker is asked questions after the talk (the longest step); a role play in its last step
    assert [s.questions for s in guest.segments] == [False, False, True, False]
    assert [s.questions for s in pairs.segments] == [False, False, True]
    assert "questions" in pairs.segments[-1].parts and not any("questions" in s.parts for s in guest.segments)


def test_content_timing_is_scaled_to_a_shorter_slot_with_a_warning_naming_both_lines(tmp_path):
    schedule, warnings = planned(workspace(tmp_path, """\
        agenda:
          - {case_study: late-report, minutes: 25}
        """))
    [case] = schedule.blocks
    exact = [m * 25 / 40 for m in (4, 6, 20, 10)]  # the case's own timing, scaled to the slot
    assert sum(s.minutes for s in case.segments) == 25
    assert all(abs(s.minutes - e) < 1 for s, e in zip(case.segments, exact)), [s.minutes for s in case.segments]
    [warning] = [str(w) for w in warnings]
    assert "content/kits/k.yaml:5" in warning and "agenda[0].minutes" in warning
    assert "late-report.yaml:2" in warning and "suggests 40 minutes" in warning


def test_kit_segments_are_taken_as_written_and_silence_the_mismatch(tmp_path):
    schedule, warnings = planned(workspace(tmp_path, """\
        agenda:
          - {case_study: late-report, minutes: 25, segments: {read: 3, debrief: 5}}
        """))
    [case] = schedule.blocks
    minutes = {s.key: s.minutes for s in case.segments}
    assert minutes["read"] == 3 and minutes["debrief"] == 5 and sum(minutes.values()) == 25
    assert minutes["groups"] > minutes["brief"]
    assert not warnings


@pytest.mark.parametrize("segments, message", [
    ("{read: 20, groups: 10}", "the segments set here add up to 30 minutes of the block's 25"),
    ("{brief: 5, read: 5, groups: 5, debrief: 5}", "add up to 20 minutes of the block's 25"),
    ("{reading: 5}", "this block has no segment 'reading'"),
])
def test_kit_segments_that_do_not_add_up_are_errors_at_their_line(tmp_path, segments, message):
    found = checked(workspace(tmp_path, f"""\
        agenda:
          - {{block: welcome, minutes: 5}}
          - {{case_study: late-report, minutes: 25, segments: {segments}}}
        """))
    [error] = found.problems.errors
    assert str(error.loc).startswith("content/kits/k.yaml:6") and "agenda[1].segments" in str(error)
    assert message in str(error)
    assert "brief, read, groups, debrief" in str(error) or "set segments that add up to 25" in str(error)


def test_content_segments_that_disagree_with_its_minutes_are_an_error_in_its_file(tmp_path):
    bad = CASE.replace("debrief: 10}", "debrief: 5}")
    found = checked(workspace(tmp_path, """\
        agenda:
          - {case_study: late-report, minutes: 40}
        """, {"content/topics/feedback/case-studies/late-report.yaml": bad}))
    [error] = found.problems.errors
    assert str(error).startswith("content/topics/feedback/case-studies/late-report.yaml:3")
    assert "add up to 35 minutes" in str(error) and "`minutes` says 40" in str(error)


def test_a_block_too_short_for_its_steps_is_an_error(tmp_path):
    found = checked(workspace(tmp_path, """\
        agenda:
          - {activity: pairs, minutes: 2}
        """))
    assert any("cannot hold the activity's 3 steps" in str(p) and "k.yaml:5" in str(p) for p in found.problems.errors)


def test_a_short_welcome_merges_its_segments_rather_than_give_one_no_minutes(tmp_path):
    schedule, _ = planned(workspace(tmp_path, """\
        agenda:
          - {block: welcome, minutes: 3}
        """))
    [welcome] = schedule.blocks
    assert sum(s.minutes for s in welcome.segments) == 3 and all(s.minutes >= 1 for s in welcome.segments)
    shown = [p for s in welcome.segments for p in s.parts]
    assert {"title", "agenda", "objectives", "quote", "introductions"} <= set(shown)


@given(st.integers(1, 600), st.lists(st.floats(0.01, 50), min_size=1, max_size=12))
def test_shared_minutes_add_up_and_give_each_segment_one(total, targets):
    from kitgen.schedule.minutes import share
    if total < len(targets):
        return
    out = share(total, targets)
    assert sum(out) == total and min(out) >= 1 and len(out) == len(targets)


# --------------------------------------------------------------------------- groupings and materials


def test_groupings_come_from_the_kit_then_the_content_then_the_format(tmp_path):
    schedule, _ = planned(workspace(tmp_path, """\
        agenda:
          - {case_study: late-report, minutes: 40}
          - {activity: pairs, minutes: 20}
          - {activity: pairs, minutes: 20, grouping: groups of 5}
        """))
    case, trios, fives = schedule.blocks
    assert (case.grouping.kind, case.grouping.size) == ("groups", 4)          # the format's default
    assert (trios.grouping.kind, trios.grouping.size) == ("trios", 3)         # the activity's own
    assert (fives.grouping.kind, fives.grouping.size) == ("groups", 5)        # the kit's
    assert [s.grouping.kind for s in case.segments] == ["whole", "groups", "groups", "whole"]


def test_a_bad_grouping_is_refused_with_its_line(tmp_path):
    found = checked(workspace(tmp_path, """\
        agenda:
          - {case_study: late-report, minutes: 40, grouping: quartets}
        """))
    assert any("k.yaml:5" in str(p) and "grouping" in str(p) for p in found.problems.errors)


def test_materials_say_what_one_copy_serves(tmp_path):
    from kitgen.schedule.materials import per_of
    schedule, _ = planned(workspace(tmp_path, """\
        outputs: [facilitator-guide, participant-workbook, case-cards]
        agenda:
          - {case_study: late-report, minutes: 40, grouping: trios}
          - {activity: pairs, minutes: 20}
        """))
    case, pairs = schedule.blocks
    [cards] = case.materials
    assert (cards.output, cards.per, cards.group_size) == ("case-cards", "trio", 3)
    assert [(m.text, m.per) for m in pairs.materials] == [("Role briefs, one set per trio", "trio"), ("A timer", "room")]
    assert [u.output for u in case.handouts] == ["participant-workbook", "case-cards"] and case.handouts[1].card == 1
    assert schedule.label("case-cards") == "H2" and schedule.label("facilitator-guide") is None
    assert per_of("Pens, one per participant") == "participant" and per_of("Cartes, une par groupe") == "group"
    assert per_of("Un paperboard") == "room"


# --------------------------------------------------------------------------- duration, days, covers


def test_unplanned_minutes_are_a_warning_at_the_duration_line(tmp_path):
    schedule, warnings = planned(workspace(tmp_path, """\
        duration: 60
        agenda:
          - {block: welcome, minutes: 10}
          - {block: close, minutes: 20}
        """))
    assert (schedule.total, schedule.duration, schedule.unplanned) == (30, 60, 30)
    [warning] = [str(w) for w in warnings]
    assert warning.startswith("content/kits/k.yaml:4") and "30 minutes are unplanned" in warning


def test_without_a_duration_the_session_lasts_as_long_as_its_agenda(tmp_path):
    schedule, warnings = planned(workspace(tmp_path, """\
        agenda:
          - {block: welcome, minutes: 10}
          - {block: close, minutes: 20}
        """))
    assert (schedule.total, schedule.duration, schedule.unplanned) == (30, 30, 0) and not warnings


def test_an_agenda_longer_than_the_duration_is_still_an_error(tmp_path):
    found = checked(workspace(tmp_path, """\
        duration: 20
        agenda:
          - {block: welcome, minutes: 30}
        """))
    assert any("longer than the kit's duration of 20" in str(p) for p in found.problems.errors)


def test_days_restart_the_clock_and_count_on_from_the_kit_date(tmp_path):
    import datetime as dt
    schedule, _ = planned(workspace(tmp_path, """\
        date: 2027-03-08
        start: "09:00"
        agenda:
          - {block: welcome, minutes: 20}
          - {day: 2, start: "13:30"}
          - {block: check-in, minutes: 15}
          - {day: 3, date: 2027-03-15, title: Follow-up}
          - {block: close, minutes: 10}
        """))
    one, two, three = schedule.days
    assert [d.number for d in schedule.days] == [1, 2, 3]
    assert (two.date, three.date) == (dt.date(2027, 3, 9), dt.date(2027, 3, 15))
    assert two.start == dt.datetime(2027, 3, 9, 13, 30) and three.start == dt.datetime(2027, 3, 15, 9, 0)
    assert [b.block.day for b in schedule.blocks] == [1, 2, 3] and [b.offset for b in schedule.blocks] == [0, 0, 0]
    assert schedule.blocks[1].segments[0].start == two.start
    assert schedule.blocks[1].segments[0].parts[0] == "day" and three.title == "Follow-up"
    assert schedule.total == 45 and [d.minutes for d in schedule.days] == [20, 15, 10]


@pytest.mark.parametrize("marker, message", [
    ("{day: 3}", "this is day 2, not day 3"),
    ("{day: 2, minutes: 10}", "a day marker takes date, start and title only"),
    ("{day: 2, start: '25:00'}", "agenda[1].start"),
])
def test_bad_day_markers_are_errors_at_their_line(tmp_path, marker, message):
    found = checked(workspace(tmp_path, f"""\
        agenda:
          - {{block: welcome, minutes: 20}}
          - {marker}
          - {{block: close, minutes: 10}}
        """))
    assert any("k.yaml:6" in str(p) and message in str(p) for p in found.problems.errors), \
        [str(p) for p in found.problems.items]


def test_covers_place_topic_parts_in_a_block_and_warn_about_missing_ones(tmp_path):
    schedule, warnings = planned(workspace(tmp_path, """\
        agenda:
          - {block: welcome, minutes: 10, covers: [objectives]}
          - {block: input, title: What feedback is, minutes: 10, covers: [quote, definition]}
          - {block: close, minutes: 10, covers: []}
        """))
    welcome, block, close = schedule.blocks
    assert keys(welcome) == ["open", "objectives", "introductions"]
    assert keys(block) == ["quote"] and block.segments[0].parts == ["section", "quote"]
    assert keys(close) == ["commit", "thanks"]
    [warning] = [str(w) for w in warnings]
    assert "k.yaml:6" in warning and "agenda[1].covers[1]" in warning and "no definition" in warning


def test_say_lines_from_the_kit_and_the_content(tmp_path):
    activity = ROLE_PLAY.replace("{title: Play, minutes: 10, instructions: Take turns.}",
                                 "{title: Play, minutes: 10, instructions: Take turns., say: Off you go.}")
    schedule, _ = planned(workspace(tmp_path, """\
        agenda:
          - {case_study: late-report, minutes: 40, segments: {brief: {say: "Groups of four, please."}}}
          - {activity: pairs, minutes: 20}
        """, {"content/topics/feedback/activities/pairs.yaml": activity}))
    case, pairs = schedule.blocks
    assert case.segments[0].say == "Groups of four, please." and case.segments[1].say is None
    assert pairs.segments[1].say == "Off you go."


def test_case_studies_are_worked_in_the_rosters_breakout_groups(tmp_path):
    people = "name,team\n" + "".join(f"Person {n},Team {n % 3}\n" for n in range(7))
    schedule, _ = planned(workspace(tmp_path, """\
        roster: people.csv
        groups: {size: 3}
        agenda:
          - {case_study: late-report, minutes: 40}
          - {case_study: late-report, minutes: 40, grouping: pairs}
          - {activity: pairs, minutes: 20}
        """, {"people.csv": people,
              "content/topics/feedback/case-studies/late-report.yaml": CASE + "grouping: groups of 5\n"}))
    rostered, paired, activity = schedule.blocks
    assert (rostered.grouping.kind, rostered.grouping.size) == ("groups", 3)  # the roster's groups of at most 3
    assert paired.grouping.kind == "pairs"                                     # the kit says otherwise
    assert activity.grouping.kind == "trios"                                   # not a case study: its own


def test_the_run_sheet_points_only_to_what_the_kit_makes(kitgen, minimal):
    """Without slides nothing is "on the screen", and without a discussion guide for participants its
    action table is not theirs: the discussion's lines say what to do instead."""
    from conftest import MINIMAL_KIT, edit
    kit = minimal / f"content/kits/{MINIMAL_KIT}.yaml"

    def guide(outputs: str) -> str:
        edit(kit, next(ln for ln in kit.read_text(encoding="utf-8").splitlines() if ln.startswith("outputs:")),
             f"outputs: [{outputs}]")
        result = kitgen("build", "-C", minimal, "--format", "html", "--out", minimal / "html", "--only", "facilitator-guide")
        assert result.code == 0, result.text
        return " ".join((minimal / "html" / MINIMAL_KIT / f"{MINIMAL_KIT}-facilitator-guide.html").read_text(encoding="utf-8").split())
    full = guide("facilitator-guide, participant-workbook, discussion-guide, slides")
    assert "is on the screen" in full and "Here is our goal" not in full
    bare = guide("facilitator-guide, participant-workbook")
    assert "is on the screen" not in bare and "Here is our goal for the next 20 min." in bare
    from kitgen.i18n import labels
    from kitgen.runsheet import RunSheet
    for lang in ("en", "fr"):  # the close of a discussion (a segment the minimal kit's guide does not have)
        sheet = RunSheet.__new__(RunSheet)
        sheet.t = labels(lang)
        sheet.variants = ()
        with_guide = sheet._label("cue", "discussion", "close")
        sheet.variants = ("no_deck", "no_discussion_guide")
        without = sheet._label("cue", "discussion", "close")
        assert with_guide != without and ("flipchart" in without or "tableau" in without), (lang, without)
