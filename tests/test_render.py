"""Rendering: lookup order, escaping, sandbox, error messages, and every packaged report template."""

from __future__ import annotations

import html.parser
import re

import pytest

from journalkit import reports
from journalkit.errors import TemplateProblem
from journalkit.render import Renderer, display_width, packaged_templates, templates_dir
from tests.builders import D, rich_snapshot

TODAY = D("2026-11-03")


def all_reports():
    s = rich_snapshot()
    return {
        "followups": reports.followups(s, TODAY, D("2026-11-17")),
        "clients": reports.clients(s, TODAY, D("2026-11-17")),
        "digest": reports.digest(s, D("2026-09-01"), TODAY),
        "brief": reports.brief(s, "acme-labs", TODAY, horizon_end=D("2026-12-03")),
        "timeline": reports.timeline(s, "acme-labs"),
        "stats": reports.stats(s),
    }


FORMATS = {
    "followups": ["txt", "md", "html"], "digest": ["txt", "md", "html"], "brief": ["txt", "md", "html"],
    "clients": ["txt"], "timeline": ["txt"], "stats": ["txt"],
}
CASES = [(name, fmt) for name, fmts in FORMATS.items() for fmt in fmts]


class _Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("name, fmt", CASES)
def test_every_packaged_report_template_renders(name, fmt):
    out = Renderer(None).render(f"{name}.{fmt}.j2", reports.context(all_reports()[name]))
    assert out.strip()
    assert "\x1b" not in out  # no colour unless asked, and never from note text
    assert "None" not in out


@pytest.mark.parametrize("name", ["followups", "digest", "brief"])
def test_html_is_self_contained_and_escapes_note_text(name):
    out = Renderer(None).render(f"{name}.html.j2", reports.context(all_reports()[name]))
    p = _Collector()
    p.feed(out)
    assert "script" not in p.tags and "i" not in p.tags and "b" not in p.tags
    assert not any(k in ("src", "href") or k.startswith("on") for k, _ in p.attrs)
    assert "link" not in p.tags and "img" not in p.tags
    text = "".join(p.text)
    if name != "followups":
        assert "Kickoff <script>alert(1)</script>" in text
        assert "Budget {{ 7*7 }} approved" in text
    else:
        assert "Send <i>revised</i> proposal" in text
        assert "@dana Confirm {{ budget }}" in text
    assert "&lt;script&gt;" in out or name == "followups"


def test_html_digest_has_an_inline_svg_chart():
    out = Renderer(None).render("digest.html.j2", reports.context(all_reports()["digest"]))
    p = _Collector()
    p.feed(out)
    assert "svg" in p.tags and p.tags.count("rect") == 3
    assert "<style>" in out and "http" not in out.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize("name, fmt", [c for c in CASES if c[1] != "html"])
def test_text_outputs_print_note_text_literally(name, fmt):
    out = Renderer(None).render(f"{name}.{fmt}.j2", reports.context(all_reports()[name]))
    if name in ("digest", "brief", "timeline"):
        assert "Kickoff <script>alert(1)</script>" in out
        assert "{{ 7*7 }}" in out and "49" not in out


def test_colour_only_when_asked():
    r = all_reports()["followups"]
    coloured = Renderer(None, color=True).render("followups.txt.j2", reports.context(r))
    assert "\x1b[1;31m2026-11-01" in coloured  # overdue stands out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert plain == Renderer(None).render("followups.txt.j2", reports.context(r))


def test_txt_followups_columns_are_aligned():
    out = Renderer(None).render("followups.txt.j2", reports.context(all_reports()["followups"]))
    rows = [line for line in out.splitlines() if re.match(r"  [0-9a-f]{7} ", line)]
    assert len(rows) == 5
    # "  " id(8) "  " due(10) "  " client(widest: acme-labs) "  " text
    assert {row[24:].split(" ")[0] for row in rows} == {"acme-labs", "globex", "-"}
    assert all(row[33:35] == "  " and row[35] != " " for row in rows)
    assert display_width("日本") == 4


# -- lookup, escaping, errors -----------------------------------------------------------


def test_user_templates_override_packaged_ones(tmp_path):
    (tmp_path / "clients.txt.j2").write_text("mine: {{ r.today }}\n")
    assert Renderer(tmp_path).render("clients.txt.j2", {"r": {"today": "x"}}) == "mine: x\n"
    assert Renderer(tmp_path).exists("followups.txt.j2")  # falls back to the packaged one
    assert not Renderer(tmp_path).exists("nope.txt.j2")


def test_missing_user_dir_is_fine(tmp_path):
    assert Renderer(tmp_path / "absent").exists("digest.html.j2")


def test_autoescape_by_name(tmp_path):
    for name in ("a.html.j2", "a.htm.j2", "a.html", "a.txt.j2", "a.md.j2"):
        (tmp_path / name).write_text("{{ v }}")
    r = Renderer(tmp_path)
    assert r.render("a.html.j2", {"v": "<b>&"}) == "&lt;b&gt;&amp;"
    assert r.render("a.htm.j2", {"v": "<b>"}) == "&lt;b&gt;"
    assert r.render("a.html", {"v": "<b>"}) == "&lt;b&gt;"
    assert r.render("a.txt.j2", {"v": "<b>&"}) == "<b>&"
    assert r.render("a.md.j2", {"v": "{{ 7*7 }}"}) == "{{ 7*7 }}"


def test_control_characters_from_data_never_reach_the_terminal(tmp_path):
    (tmp_path / "t.txt.j2").write_text("{{ v }}|{{ v | style(bold=True) }}|{{ none }}")
    out = Renderer(tmp_path, color=True).render("t.txt.j2", {"v": "a\x1b]0;pwned\x07b\rc", "none": None})
    assert out == "a]0;pwnedbc|\x1b[1ma]0;pwnedbc\x1b[0m|"


def test_tojson_plain_outside_html_and_safe_inside(tmp_path):
    (tmp_path / "t.md.j2").write_text("{{ v | tojson }}")
    (tmp_path / "t.html.j2").write_text("{{ v | tojson }}")
    r = Renderer(tmp_path)
    assert r.render("t.md.j2", {"v": "Q2 & <ü>"}) == '"Q2 & <ü>"'
    assert "<" not in r.render("t.html.j2", {"v": "</script>"})


def test_undefined_variable_names_file_and_line(tmp_path):
    (tmp_path / "t.txt.j2").write_text("line one\n{{ r.today }}\n{{ nope }}\n")
    with pytest.raises(TemplateProblem) as exc:
        Renderer(tmp_path).render("t.txt.j2", {"r": {"today": "x"}})
    assert re.search(r"t\.txt\.j2:3: .*'nope' is undefined", str(exc.value))


def test_syntax_error_names_file_and_line(tmp_path):
    (tmp_path / "t.txt.j2").write_text("ok\n{% for x in %}\n")
    with pytest.raises(TemplateProblem, match=r"t\.txt\.j2:2: template syntax error"):
        Renderer(tmp_path).render("t.txt.j2", {})


def test_error_inside_an_included_template_names_that_file(tmp_path):
    (tmp_path / "outer.txt.j2").write_text("a\n{% include 'inner.txt.j2' %}\n")
    (tmp_path / "inner.txt.j2").write_text("\n\n{{ 1 // 0 }}\n")
    with pytest.raises(TemplateProblem, match=r"inner\.txt\.j2:3: error in template"):
        Renderer(tmp_path).render("outer.txt.j2", {})


def test_template_not_found(tmp_path):
    with pytest.raises(TemplateProblem, match="not found"):
        Renderer(tmp_path).render("nope.txt.j2", {})


def test_sandbox_blocks_python_internals(tmp_path):
    (tmp_path / "t.txt.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateProblem):
        Renderer(tmp_path).render("t.txt.j2", {})


def test_render_file_can_extend_packaged_layout(tmp_path):
    f = tmp_path / "weekly.html"
    f.write_text('{% extends "layout.html.j2" %}{% block body %}<h1>{{ r.since }}</h1>{{ note }}{% endblock %}')
    out = Renderer(None).render_file(f, {"r": {"since": "2026-10-27"}, "note": "<script>"})
    assert "<h1>2026-10-27</h1>&lt;script&gt;" in out and "<style>" in out


def test_render_file_errors(tmp_path):
    with pytest.raises(TemplateProblem, match="not found"):
        Renderer(None).render_file(tmp_path / "absent.j2", {})
    bad = tmp_path / "bad.txt"
    bad.write_text("{{ r.nope }}")
    with pytest.raises(TemplateProblem, match=r"bad\.txt:1"):
        Renderer(None).render_file(bad, {"r": {}})


def test_filters(tmp_path):
    (tmp_path / "t.txt.j2").write_text(
        "{{ '2026-11-03' | date }}|{{ '2026-11-03T14:30' | date('%H:%M') }}|{{ 0 | ago }}|{{ 3 | ago }}|"
        "{{ 1 | in_days }}|{{ 2 | plural('entry', 'entries') }}|{{ 'ab' | ljust(4) }}|{{ '日本' | rjust(5) }}|"
        "{{ widest([{'a': 'xyz'}, {'a': None}], 'a') }}")
    assert Renderer(tmp_path).render("t.txt.j2", {}) == "Tue 03 Nov 2026|14:30|today|3 days ago|tomorrow|2 entries|ab  | 日本|3"


def test_packaged_templates_for_init():
    names = [n for n, _ in packaged_templates()]
    assert "journalkit.toml.j2" not in names
    assert {"client.md.j2", "entry/meeting.md.j2", "followups.txt.j2", "digest.html.j2", "layout.html.j2"} <= set(names)
    assert all((templates_dir() / n).read_bytes() == b for n, b in packaged_templates())
