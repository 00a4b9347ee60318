import codecs

from hypothesis import given, settings, strategies as st

from journalkit.decode import MAX_BYTES, Decoded, decode, line_of_offset


def codes(result: Decoded) -> list[str]:
    return [p.code for p in result.problems]


def test_plain_utf8():
    r = decode("é\nb\n".encode(), "a.md")
    assert r.text == "é\nb\n" and r.problems == () and not r.truncated


def test_empty_file():
    r = decode(b"", "a.md")
    assert r.text == "" and r.problems == ()


def test_bom_is_stripped():
    r = decode(codecs.BOM_UTF8 + b"---\na: 1\n---\n", "a.md")
    assert r.text == "---\na: 1\n---\n" and r.problems == ()


def test_crlf_and_lone_cr_keep_line_numbers():
    r = decode(b"one\r\ntwo\rthree\n\rfive", "a.md")
    assert r.text == "one\ntwo\nthree\n\nfive"
    assert r.text.split("\n")[4] == "five"


def test_invalid_utf8_names_first_bad_line():
    r = decode(b"ok\r\nfine\n\xff bad\nalso \xfe\n", "a.md")
    assert codes(r) == ["encoding-invalid"]
    assert r.problems[0].line == 3 and r.problems[0].severity == "warning"
    assert r.text.startswith("ok\nfine\n\ufffd bad")


def test_latin1_file_is_read_with_warning():
    r = decode("café\n".encode("latin-1"), "a.md")
    assert codes(r) == ["encoding-invalid"] and r.text == "caf\ufffd\n"


def test_nul_byte_means_binary():
    r = decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.md")
    assert r.text is None and codes(r) == ["binary-file"]
    assert r.problems[0].line == 1


def test_many_control_chars_mean_binary():
    r = decode(bytes(range(1, 9)) * 50 + b"text", "x.md")
    assert r.text is None and codes(r) == ["binary-file"]


def test_tabs_and_escapes_are_text():
    r = decode(b"\tindented\n\x1b[31mred\x1b[0m\n\x0c", "x.md")
    assert r.text is not None and r.problems == ()


def test_utf16_with_bom_is_read_with_warning():
    r = decode(codecs.BOM_UTF16_LE + "a\r\nb\n".encode("utf-16-le"), "x.md")
    assert r.text == "a\nb\n" and codes(r) == ["encoding-invalid"]


def test_too_large_is_cut_at_last_complete_line():
    data = b"line\n" * 10 + b"tail"
    r = decode(data, "big.md", limit=23)
    assert r.truncated and r.text == "line\n" * 4
    assert codes(r) == ["file-too-large"] and r.problems[0].line == 1
    assert "23 bytes" in r.problems[0].message


def test_too_large_single_line_cut_on_character_boundary():
    data = ("é" * 20).encode()
    r = decode(data, "big.md", limit=7)
    assert r.truncated and r.text == "ééé" and codes(r) == ["file-too-large"]


def test_default_limit_is_two_mib():
    assert MAX_BYTES == 2 * 1024 * 1024
    r = decode(b"x" * 10 + b"\n", "a.md")
    assert not r.truncated


def test_limit_message_in_mib():
    r = decode(b"a\n" * (1024 * 1024 + 5), "big.md")
    assert r.truncated and "2 MiB" in r.problems[0].message


def test_line_of_offset():
    assert line_of_offset("a\nb\nc", 0) == 1
    assert line_of_offset("a\nb\nc", 2) == 2
    assert line_of_offset("a\nb\nc", 4) == 3


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=1, max_value=400))
def test_any_bytes_decode(data, limit):
    r = decode(data, "x.md", limit=limit)
    if r.text is not None:
        assert "\r" not in r.text
    assert all(p.line >= 1 for p in r.problems)
