from hypothesis import given, settings, strategies as st

from journalkit.fm import MAX_DEPTH, split_front_matter


def split(text):
    return split_front_matter(text, "c/note.md")


def codes(fm):
    return [p.code for p in fm.problems]


def test_no_front_matter():
    fm = split("# Title\n\nbody\n")
    assert not fm.has_front_matter and fm.meta == {} and fm.body == "# Title\n\nbody\n"
    assert fm.body_line == 1 and fm.problems == ()


def test_basic_split_and_lines():
    fm = split("---\ndate: 2026-11-03\ntitle: Hi\n---\n# H\ntext\n")
    assert fm.has_front_matter and fm.meta == {"date": "2026-11-03", "title": "Hi"}
    assert fm.body == "# H\ntext\n" and fm.body_line == 5
    assert fm.key_lines == {"date": 2, "title": 3}
    assert fm.problems == ()


def test_trailing_spaces_on_delimiters_and_dots_close():
    fm = split("---  \na: b\n...\t\nbody")
    assert fm.meta == {"a": "b"} and fm.body == "body" and fm.body_line == 4


def test_front_matter_at_end_of_file():
    fm = split("---\na: 1\n---")
    assert fm.meta == {"a": 1} and fm.body == "" and fm.body_line == 4


def test_empty_front_matter():
    fm = split("---\n---\nbody\n")
    assert fm.has_front_matter and fm.meta == {} and fm.body == "body\n" and fm.body_line == 3
    assert fm.problems == ()


def test_comment_only_front_matter():
    assert split("---\n# nothing\n---\n").meta == {}


def test_not_front_matter_when_first_line_differs():
    for text in ("----\na: 1\n---\n", "--- x\na: 1\n---\n", " ---\na: 1\n---\n", "\n---\na: 1\n---\n"):
        fm = split(text)
        assert not fm.has_front_matter and fm.meta == {} and fm.body == text


def test_bom_and_crlf():
    fm = split("\ufeff---\r\ntitle: x\r\n---\r\nbody\r\n")
    assert fm.meta == {"title": "x"} and fm.body == "body\n" and fm.body_line == 4


def test_yaml_12_core_scalars():
    fm = split(
        "---\n"
        "title: 1.10\n"
        "type: no\n"
        "summary: 10:00\n"
        "status: off\n"
        "cadence: 14d\n"
        "name: 007\n"
        "answer: no\n"
        "flag: yes\n"
        "on: on\n"
        "t1: true\n"
        "t2: True\n"
        "t3: FALSE\n"
        "clock: 1:30\n"
        "n: 42\n"
        "neg: -7\n"
        "f: 1.5\n"
        "exp: 1e3\n"
        "zip: 01234\n"
        "inf: .inf\n"
        "nul: null\n"
        "tilde: ~\n"
        "empty:\n"
        "quoted: 'true'\n"
        "dq: \"42\"\n"
        "block: |\n  two\n  lines\n"
        "---\n")
    m = fm.meta
    assert m["title"] == "1.10" and m["type"] == "no" and m["summary"] == "10:00"
    assert m["status"] == "off" and m["cadence"] == "14d" and m["name"] == "007"
    assert m["answer"] == "no" and m["flag"] == "yes" and m["on"] == "on"
    assert m["t1"] is True and m["t2"] is True and m["t3"] is False
    assert m["clock"] == "1:30"
    assert m["n"] == 42 and m["neg"] == -7 and m["f"] == 1.5 and m["exp"] == 1000.0
    assert m["zip"] == "01234" and m["inf"] == ".inf"
    assert m["nul"] is None and m["tilde"] is None and m["empty"] is None
    assert m["quoted"] == "true" and m["dq"] == "42" and m["block"] == "two\nlines\n"
    assert fm.problems == ()


def test_dates_stay_strings():
    fm = split("---\ndate: 2026-11-03\nfollow_up: 2026-11-03 14:30\n"
               "x: 2026-11-03T14:30:00+02:00\nbirthday: 1984-04-03\n---\n")
    assert fm.meta == {"date": "2026-11-03", "follow_up": "2026-11-03 14:30",
                       "x": "2026-11-03T14:30:00+02:00", "birthday": "1984-04-03"}


def test_known_list_keys_keep_text():
    fm = split("---\ntags: [1.10, no, true]\nattendees:\n  - 1:30\n---\n")
    assert fm.meta["tags"] == ["1.10", "no", "true"] and fm.meta["attendees"] == ["1:30"]


def test_nested_structures():
    fm = split("---\ngoals:\n  - title: Grow\n    due: 2027-06-30\n    status: open\n"
               "important_dates:\n  company founded: 2009-08-23\nextra: {a: [1, 2]}\n---\n")
    assert fm.meta["goals"] == [{"title": "Grow", "due": "2027-06-30", "status": "open"}]
    assert fm.meta["important_dates"] == {"company founded": "2009-08-23"}
    assert fm.meta["extra"] == {"a": [1, 2]}
    assert fm.key_lines["important_dates"] == 6


def test_non_string_keys_become_strings():
    fm = split("---\n1: one\ntrue: yes\nnull: x\n1.50: y\n---\n")
    assert fm.meta == {"1": "one", "true": "yes", "null": "x", "1.50": "y"}


def test_alias_refused():
    fm = split("---\ntitle: T\na: &x [1, 2]\nb: *x\n---\n# body\n")
    assert codes(fm) == ["yaml-alias"] and fm.meta == {} and fm.body == "# body\n"
    assert fm.problems[0].line == 3 and fm.problems[0].severity == "error"


def test_billion_laughs_refused_fast():
    lol = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lol += f"{cur}: &{cur} [" + ",".join(f"*{prev}" for _ in range(9)) + "]\n"
    lol += "---\nbody\n"
    fm = split(lol)
    assert codes(fm) == ["yaml-alias"] and fm.meta == {} and fm.body == "body\n"


def test_anchor_alone_refused():
    assert codes(split("---\na: &x 1\n---\n")) == ["yaml-alias"]


def test_deep_nesting_refused():
    deep = "---\na: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n---\nbody"
    fm = split(deep)
    assert codes(fm) == ["yaml-too-deep"] and fm.meta == {} and fm.body == "body"


def test_very_deep_nesting_never_recurses():
    fm = split("---\n" + "[" * 200_000 + "\n---\n")
    assert codes(fm) in (["yaml-too-deep"], ["yaml-invalid"]) and fm.meta == {}


def test_block_nesting_at_limit_is_fine():
    lines = ["---"] + [" " * i + f"k{i}:" for i in range(50)] + ["---"]
    fm = split("\n".join(lines))
    assert fm.problems == () and "k0" in fm.meta


def test_invalid_yaml_reports_file_line():
    fm = split("---\ntitle: ok\ntags: [a, b\nx: 1\n---\nbody\n")
    assert codes(fm) == ["yaml-invalid"] and fm.meta == {} and fm.body == "body\n"
    assert 3 <= fm.problems[0].line <= 5


def test_invalid_yaml_bad_indent():
    fm = split("---\na: 1\n b: 2\n---\n")
    assert codes(fm) == ["yaml-invalid"] and fm.problems[0].line == 3


def test_control_character_is_invalid():
    fm = split("---\na: 1\nb: \x01\n---\n")
    assert codes(fm) == ["yaml-invalid"] and fm.problems[0].line == 3


def test_not_a_mapping():
    for text in ("---\n- a\n- b\n---\n", "---\njust text\n---\n", "---\n42\n---\n"):
        fm = split(text)
        assert codes(fm) == ["front-matter-not-mapping"] and fm.meta == {}
        assert fm.problems[0].line == 2


def test_unclosed():
    fm = split("---\ntitle: x\n\nbody text\n")
    assert codes(fm) == ["front-matter-unclosed"] and fm.problems[0].line == 1
    assert fm.meta == {} and fm.body == "---\ntitle: x\n\nbody text\n" and fm.body_line == 1
    assert "'---'" in fm.problems[0].message


def test_only_dashes_is_unclosed():
    assert codes(split("---")) == ["front-matter-unclosed"]
    assert codes(split("---\n")) == ["front-matter-unclosed"]


def test_second_document_is_invalid():
    fm = split("---\na: 1\n--- b\n---\n")
    assert codes(fm) == ["yaml-invalid"] and fm.meta == {}


def test_duplicate_key_warns_last_wins():
    fm = split("---\na: 1\nb: 2\na: 3\n---\n")
    assert fm.meta == {"a": 3, "b": 2} and codes(fm) == ["yaml-duplicate-key"]
    assert fm.problems[0].line == 4 and fm.problems[0].severity == "warning"


def test_python_tags_are_not_evaluated():
    fm = split("---\na: !!python/object/apply:os.system ['echo hi']\n---\n")
    # Either refused as invalid or kept as plain data: never executed.
    assert all(isinstance(v, (list, str, dict)) for v in fm.meta.values())


def test_lone_surrogate_does_not_raise():
    fm = split("---\na\ud800: 1\n---\n")
    assert codes(fm) == ["yaml-invalid"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_raises(text):
    fm = split(text)
    assert isinstance(fm.meta, dict) and isinstance(fm.body, str) and fm.body_line >= 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"#,?.\n ab1~%@`")), max_size=200))
def test_yaml_like_text_never_raises(text):
    fm = split("---\n" + text + "\n---\nbody")
    assert isinstance(fm.meta, dict) and all(isinstance(k, str) for k in fm.meta)
    assert all(p.line >= 1 for p in fm.problems)
    if not fm.problems or fm.problems[0].code != "front-matter-unclosed":
        assert fm.body.endswith("body")


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True),
                       st.text(alphabet="abc xyz", min_size=1, max_size=10).map(str.strip)
                       .filter(bool), max_size=6),
       st.text(max_size=50))
def test_round_trip_of_simple_mappings(mapping, body):
    text = "---\n" + "".join(f"{k}: \"{v}\"\n" for k, v in mapping.items()) + "---\n" + body
    fm = split(text)
    assert fm.meta == mapping and fm.problems == ()
    assert fm.body_line == len(mapping) + 3
