"""The layouts' sandbox bounds what a layout can make, whatever the route (security review, H4).

Each hostile expression is rendered in-process and must be refused with a SecurityError before it
allocates: the peak of Python's allocations during the render stays small. Ordinary expressions of
the same kinds still give what Python itself gives.
"""

from __future__ import annotations

import tracemalloc

import jinja2
import pytest

from conftest import MINIMAL_KIT
from kitgen.layouts import environment
from kitgen.sandbox import MAX_PRODUCED
from kitgen.sizes import MAX_ITEMS, MAX_VALUE

PEAK = 150_000_000  # bytes: far below what any of these would take unbounded (gigabytes)

BYPASSES = {
    # format widths, mapping keys included
    "mapping key width": "{{ '%(a)6000000000s' % {'a': 'x'} }}",
    "mapping key 50M": "{{ '%(a)50000000s' % {'a': 'x'} }}",
    "mapping key precision": "{{ '%(a).50000000f' % {'a': 1.0} }}",
    "mapping key zero-padded": "{{ '%(a)050000000d' % {'a': 1} }}",
    "format filter with a key": "{{ '%(a)50000000s'|format(a='x') }}",
    "many small widths": "{{ ('%(a)9999s' * 100000) % {'a': 'x'} }}",
    "nested parentheses in a key": "{{ '%(a(b))50000000s' % {'a(b)': 'x'} }}",
    "str.format width": "{{ '{:50000000}'.format('x') }}",
    "str.format nested width": "{{ '{:{w}}'.format('x', w=50000000) }}",
    "format_map width": "{{ '{a:50000000}'.format_map({'a': 'x'}) }}",
    "format conversion of a big list": "{% set s = 'x' * 1000000 %}{% set l = [] %}{% for i in range(100) %}"
                                       "{% do l.append(s) %}{% endfor %}{{ '{0!r}'.format(l) }}",
    # str methods
    "ljust": "{{ 'x'.ljust(50000000) }}",
    "rjust": "{{ 'x'.rjust(50000000) }}",
    "center": "{{ 'x'.center(50000000) }}",
    "zfill": "{{ 'x'.zfill(50000000) }}",
    "expandtabs": "{{ ('\t' * 1000).expandtabs(100000) }}",
    "replace method": "{% set s = 'x' * 1000000 %}{{ s.replace('x', s) }}",
    "replace filter": "{% set s = 'x' * 1000000 %}{{ s|replace('x', s) }}",
    "translate": "{% set s = 'x' * 1000 %}{{ s.translate({120: 'y' * 100000}) }}",
    "to_bytes": "{{ (1).to_bytes(6000000000, 'big') }}",
    # doubling in loops
    "~ doubling": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "+ doubling": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "extend doubling": "{% set l = [1] %}{% for i in range(60) %}{% do l.extend(l) %}{% endfor %}",
    "list + doubling": "{% set ns = namespace(l=[1]) %}{% for i in range(60) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
    "recursive macro doubling": "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ d('x', 60) }}",
    "big-int squaring": "{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
    # filters and globals
    "batch": "{{ [1]|batch(50000000, 0)|list|length }}",
    "indent with a long string": "{{ ('a\n' * 100000)|indent('x' * 10000) }}",
    "join with a long separator": "{{ range(10000)|join('x' * 5000) }}",
    "str.join with a long separator": "{{ ('x' * 20000).join(['a'] * 2000) }}",
    "lipsum": "{{ lipsum(200000) }}",
    "tojson indent": "{{ [1]|tojson(indent=100000000) }}",
    "slice count": "{{ [1]|slice(100000000)|list|length }}",
    # holding or printing many copies of one large value
    "printing a list of one big string": "{% set s = 'x' * 1000000 %}{% set l = [] %}{% for i in range(100) %}"
                                         "{% do l.append(s) %}{% endfor %}{{ l }}",
    "joining a generator of big strings": "{% set s = 'x' * 1000000 %}{% set l = [] %}{% for i in range(100) %}"
                                          "{% do l.append(s) %}{% endfor %}{{ l|map('string')|join }}",
    "many distinct big values": "{% set l = [] %}{% for i in range(10000) %}{% do l.append(('x' * 1000000) ~ i) %}"
                                "{% endfor %}",
    "many big slices": "{% set s = 'x' * 4000000 %}{% set l = [] %}{% for i in range(10000) %}"
                       "{% do l.append(s[i:]) %}{% endfor %}",
    # values that grow when printed or converted
    "printing what escaping multiplies": "{{ '\"' * 2000000 }}",
    "escape filter": "{{ ('<' * 2000000)|e }}",
    "a case mapping that grows": "{{ ('ß' * 2000000)|upper }}",
    # the rendered text
    "nested loops of output": "{% for i in range(10000) %}{% for j in range(10000) %}<p>{{ PARA }}</p>"
                              "{% endfor %}{% endfor %}",
    "nested loops in a set block": "{% set x %}{% for i in range(10000) %}{% for j in range(10000) %}<p>{{ PARA }}</p>"
                                   "{% endfor %}{% endfor %}{% endset %}",
}


def render_bounded(source: str, measure: bool = True) -> tuple[str | Exception, int]:
    """Render `source` in the layouts' sandbox; the output or the exception, and the allocation peak."""
    template = environment(None).from_string(source)
    if measure:
        tracemalloc.start()
    try:
        return template.render(PARA="A paragraph of about a hundred characters, as a handout has many. " * 2), \
            tracemalloc.get_traced_memory()[1]
    except Exception as exc:  # noqa: BLE001 - the test looks at which
        return exc, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("source", BYPASSES.values(), ids=BYPASSES.keys())
def test_bypass_is_refused_before_it_allocates(source):
    result, peak = render_bounded(source)
    assert isinstance(result, jinja2.exceptions.SecurityError), result
    assert peak < PEAK, f"{peak:,} bytes allocated"


def test_refusals_say_what_and_how_much():
    messages = {name: str(render_bounded(BYPASSES[name])[0]) for name in
                ("mapping key width", "ljust", "many distinct big values", "nested loops of output", "big-int squaring")}
    assert messages["mapping key width"] == "format width too large"
    assert f"ljust() would be larger than {MAX_VALUE:,} characters" in messages["ljust"]
    assert f"more than {MAX_PRODUCED:,} characters or items in all" in messages["many distinct big values"]
    assert f"rendered text would be longer than {MAX_VALUE:,}" in messages["nested loops of output"]
    assert "integer larger than" in messages["big-int squaring"]


ORDINARY = [
    ("'x'.ljust(100) ~ '|'", lambda: "x".ljust(100) + "|"),
    ("'%05.1f|%-6s|%x' % (3.14159, 'ab', 255)", lambda: "%05.1f|%-6s|%x" % (3.14159, "ab", 255)),
    ("'{:>10}|{:.3f}|{a}'.format('r', 2.5, a='k')", lambda: "{:>10}|{:.3f}|{a}".format("r", 2.5, a="k")),
    ("'{:{w}}'.format('n', w=6)", lambda: "{:{w}}".format("n", w=6)),
    ("range(100)|map('string')|join(',')", lambda: ",".join(map(str, range(100)))),
    ("(range(7)|batch(3)|list)|string", lambda: str([[0, 1, 2], [3, 4, 5], [6]])),
    ("('ab' * 1000)|replace('a', 'xyz')|length", lambda: str(len(("ab" * 1000).replace("a", "xyz")))),
    ("('a\nb')|indent(4, true)", lambda: "    a\n    b"),
    ("2 ** 64 * 3", lambda: str(2 ** 64 * 3)),
    ("'x' * 1000 + 'y'", lambda: "x" * 1000 + "y"),
    ("[1, 2] + [3]", lambda: str([1, 2, 3])),
    ("'\t'.expandtabs(8)|length", lambda: "8"),
    ("'%(a)s-%(b)5s' % {'a': 1, 'b': 'z'}", lambda: "%(a)s-%(b)5s" % {"a": 1, "b": "z"}),
]


@pytest.mark.parametrize("expression, expected", ORDINARY, ids=[o[0] for o in ORDINARY])
def test_ordinary_expressions_give_what_python_gives(expression, expected):
    result, _ = render_bounded("{% autoescape false %}{{ " + expression + " }}{% endautoescape %}", measure=False)
    assert result == expected()


def test_largest_allowed_values_still_render():
    result, _ = render_bounded(f"{{{{ ('x' * {MAX_VALUE - 1})|length }}}}|{{{{ range(10000)|list|length }}}}", False)
    assert result == f"{MAX_VALUE - 1}|10000"
    result, _ = render_bounded("{% set l = [] %}{% for i in range(100) %}{% do l.extend(range(10000)) %}"
                               "{% endfor %}{{ l|length }}", False)
    assert result == str(min(100 * 10000, MAX_ITEMS))


def test_each_render_has_its_own_budget():
    """A render near the total budget does not make the next render fail."""
    source = "{% set l = [] %}{% for i in range(20) %}{% do l.append(('x' * 1000000) ~ i) %}{% endfor %}{{ l|length }}"
    made = 20 * 2 * 1_000_000  # each turn makes the repeated string, then the joined one
    assert made < MAX_PRODUCED < 2 * made  # one render fits; two sharing a budget would not
    assert [render_bounded(source, measure=False)[0] for _ in range(2)] == ["20", "20"]


def test_the_sandbox_still_stops_escapes():
    for source in ("{{ ''.__class__.__mro__ }}", "{{ ('{0.__class__}'|attr('format'))('') }}",
                   "{{ '{0.__class__}'.format('') }}", "{{ '{k.__init__.__globals__}'.format_map({'k': 'x'}) }}"):
        result, _ = render_bounded(source)
        assert isinstance(result, (jinja2.exceptions.SecurityError, jinja2.exceptions.UndefinedError)), (source, result)


def test_review_repro_fails_its_output_alone(kitgen, minimal):
    """The review's end-to-end case: a 100-byte layout asking for a 6 GB string."""
    (minimal / "layouts").mkdir()
    (minimal / "layouts" / "case-cards.html").write_text(
        "<html><body><p>card</p>\n{% set big = '%(a)6000000000s' % {'a': 'x'} %}\n<p>{{ big|length }}</p>"
        "</body></html>", encoding="utf-8")
    result = kitgen("build", "-C", minimal, MINIMAL_KIT, "--only", "case-cards,discussion-guide")
    assert result.code == 1 and "Traceback" not in result.text
    assert "layouts/case-cards.html:2" in result.err and "format width too large" in result.err, result.err
    folder = minimal / "build" / MINIMAL_KIT
    assert not (folder / f"{MINIMAL_KIT}-case-cards.pdf").exists()
    assert (folder / f"{MINIMAL_KIT}-discussion-guide.pdf").exists()


@pytest.mark.parametrize("source", [
    "{% set ns = namespace(j='x') %}{% for i in range(80) %}{% set ns.j = join([ns.j, ns.j], '') %}{% endfor %}",
    "{% set s = 'x' * 1000000 %}{% set l = [] %}{% for i in range(100) %}{% do l.append(s) %}{% endfor %}"
    "{% do slide('content', title=join(l, '')) %}",
], ids=["doubling joins", "joining many copies"])
def test_deck_joins_are_bounded_before_the_deck_joins_them(source):
    """slides.jinja's join() makes a text the deck writes out later: its length is known and bounded now."""
    from kitgen.deck.plan import PlanError, _join
    template = environment(None).from_string(source)
    with pytest.raises(PlanError, match=f"longer than {MAX_VALUE:,} characters"):
        template.render(join=_join, slide=lambda *a, **k: None)
