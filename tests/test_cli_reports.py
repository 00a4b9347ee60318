"""The report commands end to end: a small vault written here, and the example vault.

JSON is compared exactly. The example vault's documents are golden: when the
example vault changes on purpose, regenerate them with
`journalkit --vault example-vault --today 2026-12-04 followups --json` (and `clients`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import icalendar
import pytest

ID = re.compile(r"^[0-9a-z]{6,8}$")

# -- a small vault, written here so each rule is visible -------------------------------

FILES = {
    ".journalkit.toml": b'[vault]\ndefault_cadence = "30d"\n',
    "acme/client.md": (
        b"---\nname: Acme Labs\ncontact: Dana\nbirthday: 1984-12-10\ncadence: 14d\n---\nNotes.\n\n- [ ] Update CRM\n"
    ),
    "acme/2026-11-20-call.md": (
        "---\ndate: 2026-11-20 14:30\ntype: call\ntitle: Pricing <b>review</b>\nfollow_up: 2026-11-25\n"
        'milestones: ["First deal"]\n---\n# Pricing\n\n## Key points\n- Budget {{ 7*7 }} approved\n\n'
        "## Action items\n- [ ] Send proposal 📅 2026-12-01\r\n- [ ] @dana Confirm budget due:2026-12-18\r\n"
        "- [/] Draft plan\r\n- [x] Share deck ✅ 2026-11-21\r\n- [ ] Far away 📅 2026-12-19\r\n\n"
        "## Personal\n- Daughter starts college\n"
    ).encode(),
    "old/client.md": b"---\nstatus: former\n---\n",
    "old/2026-01-01-call.md": "- [ ] Old task 📅 2026-12-02\n".encode(),
    "notes.md": "# Inbox\n- [ ] Renew domain 📅 2026-12-10\n".encode(),
}


@pytest.fixture
def small(tmp_path: Path, make_run):
    root = tmp_path / "small"
    for rel, data in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    run = make_run(root)
    run.root = root
    return run


def ids_checked(doc: dict, key: str = "tasks") -> list[str]:
    """Task ids are the index's business: check their form, then take them as given."""
    ids = [t["id"] for t in doc[key]]
    assert all(ID.match(i) for i in ids), ids
    return ids


def task(id, client, path, line, text, due, owner=None, overdue=False):
    return {"id": id, "client": client, "path": path, "line": line, "text": text, "status": "open",
            "due": due, "owner": owner, "overdue": overdue}


CALL = "acme/2026-11-20-call.md"


def test_followups_json_exactly(small):
    doc = small.json("followups")
    i = ids_checked(doc)
    assert doc == {
        "today": "2026-12-04",
        "horizon_end": "2026-12-18",
        "tasks": [
            task(i[0], "acme", CALL, 14, "Send proposal", "2026-12-01", overdue=True),
            task(i[1], None, "notes.md", 2, "Renew domain", "2026-12-10"),
            task(i[2], "acme", CALL, 15, "@dana Confirm budget", "2026-12-18", owner="dana"),
            task(i[3], "acme", CALL, 16, "Draft plan", None),
            task(i[4], "acme", "acme/client.md", 9, "Update CRM", None),
        ],
        "contact_due": [{"client": "acme", "last_contact": "2026-11-20", "days_since": 14, "cadence_days": 14,
                         "next_contact": "2026-11-25"}],
        "dates": [{"client": "acme", "label": "birthday", "date": "2026-12-10", "days_until": 6}],
    }


def test_clients_json_exactly(small):
    assert small.json("clients") == {"today": "2026-12-04", "clients": [
        {"client": "acme", "name": "Acme Labs", "status": "active", "last_contact": "2026-11-20", "days_since": 14,
         "entries": 1, "open_mine": 4, "open_theirs": 1, "cadence_days": 14, "next_contact": "2026-11-25",
         "contact_due": True},
        {"client": "old", "name": "old", "status": "former", "last_contact": "2026-01-01", "days_since": 337,
         "entries": 1, "open_mine": 1, "open_theirs": 0, "cadence_days": 30, "next_contact": "2026-01-31",
         "contact_due": False},
    ]}


def test_followups_options(small):
    texts = lambda *a: [t["text"] for t in small.json("followups", *a)["tasks"]]  # noqa: E731
    assert texts("--mine") == ["Send proposal", "Renew domain", "Draft plan", "Update CRM"]
    assert texts("--theirs") == ["@dana Confirm budget"]
    assert texts("--client", "acme", "--horizon", "2026-12-19") == [
        "Send proposal", "@dana Confirm budget", "Far away", "Draft plan", "Update CRM"]
    assert texts("--horizon", "1d") == ["Send proposal", "Draft plan", "Update CRM"]


def test_followups_unknown_client_and_bad_horizon_exit_2(small):
    r = small("followups", "--client", "acme-lab")
    assert r.exit_code == 2 and "journalkit client add" in r.stderr
    r = small("followups", "--horizon", "soon")
    assert r.exit_code == 2 and "--horizon" in r.stderr


def test_followups_text_and_formats(small):
    out = small("followups").stdout
    assert "Send proposal" in out and "overdue" in out and "\x1b" not in out
    assert small("followups", "--format", "md").stdout.startswith("# Follow-ups 2026-12-04")
    html = small("followups", "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>") and "@dana Confirm budget" in html


def test_digest(small, tmp_path):
    doc = small.json("digest", "--since", "2026-11-20", "--until", "2026-11-30")
    assert [c["client"] for c in doc["clients"]] == ["acme"]
    acme = doc["clients"][0]
    assert acme["entries"] == [{"path": CALL, "date": "2026-11-20T14:30", "type": "call",
                                "title": "Pricing <b>review</b>", "key_points": ["Budget {{ 7*7 }} approved"]}]
    assert (acme["tasks_written"], acme["tasks_done"]) == (5, 1)
    assert acme["milestones"] == ["First deal"]
    assert [t["text"] for t in doc["due_next"]] == ["Send proposal"]  # due 12-01, within 7 days of 11-30
    assert small.json("digest")["clients"] == []  # the default: the last 7 days

    out = tmp_path / "d.html"
    r = small("digest", "--since", "30d", "--format", "html", "-o", str(out))
    assert r.exit_code == 0 and r.stdout == ""
    page = out.read_text()
    assert "Pricing &lt;b&gt;review&lt;/b&gt;" in page and "Budget {{ 7*7 }} approved" in page and "<svg" in page

    tpl = tmp_path / "mine.md"
    tpl.write_text("{% for c in r.clients %}{{ c.name }}: {{ c.entries | length }}\n{% endfor %}")
    assert small("digest", "--since", "30d", "--template", str(tpl)).stdout == "Acme Labs: 1\n"


def test_digest_bad_range_and_bad_template(small, tmp_path):
    r = small("digest", "--since", "2026-12-01", "--until", "2026-11-01")
    assert r.exit_code == 2 and "after --until" in r.stderr
    bad = tmp_path / "bad.txt"
    bad.write_text("ok\n{{ r.nope }}\n")
    r = small("digest", "--template", str(bad))
    assert r.exit_code == 2 and "bad.txt:2" in r.stderr


def test_brief_and_timeline_and_stats(small):
    b = small.json("brief", "acme")
    assert b["profile"]["name"] == "Acme Labs" and b["profile"]["age"] == 41
    assert [t["text"] for t in b["open_tasks"]] == ["Send proposal", "Far away", "Draft plan", "Update CRM"]
    assert [t["owner"] for t in b["waiting_on"]] == ["dana"]
    assert [p["text"] for p in b["personal"]] == ["Daughter starts college"]
    assert b["dates"] == [{"client": "acme", "label": "birthday", "date": "2026-12-10", "days_until": 6}]
    assert "Acme Labs" in small("brief", "acme").stdout
    r = small("brief", "nobody")
    assert r.exit_code == 2 and "journalkit client add" in r.stderr

    assert small.json("timeline", "acme") == {"client": "acme", "entries": [
        {"path": CALL, "date": "2026-11-20T14:30", "type": "call", "title": "Pricing <b>review</b>",
         "key_points": ["Budget {{ 7*7 }} approved"]}]}
    s = small.json("stats")
    assert s["total"] == 2 and s["by_month"][0] == {"month": "2026-01", "count": 1} and len(s["by_month"]) == 11
    assert "Per month" in small("stats").stdout


def test_done_ticks_the_line_and_nothing_else(small):
    doc = small.json("followups")
    tid = doc["tasks"][0]["id"]
    before = (small.root / CALL).read_bytes()
    r = small("done", tid)
    assert r.exit_code == 0 and "Send proposal" in r.stdout
    after = (small.root / CALL).read_bytes()
    assert after == before.replace("- [ ] Send proposal 📅 2026-12-01\r\n".encode(),
                                   "- [x] Send proposal 📅 2026-12-01 ✅ 2026-12-04\r\n".encode())
    # the index reflects it at once, even for a command that does not refresh
    assert "Send proposal" not in [t["text"] for t in small.json("followups", "--no-refresh")["tasks"]]
    r = small("done", tid)
    assert r.exit_code == 0 and "already done" in r.stdout
    assert (small.root / CALL).read_bytes() == after


def test_done_refuses_unknown_ids_and_changed_lines(small):
    r = small("done", "zzzzzzz")
    assert r.exit_code == 2 and "journalkit followups --json" in r.stderr
    tid = small.json("followups")["tasks"][0]["id"]
    path = small.root / CALL
    path.write_bytes(path.read_bytes().replace(b"Send proposal", b"Send the proposal"))
    r = small("done", tid, "--no-refresh")
    assert r.exit_code == 2 and "changed since the index saw it" in r.stderr
    assert b"[x]" not in path.read_bytes().split(b"Send the proposal")[0][-10:]


def test_export_json_and_ics(small, tmp_path):
    doc = json.loads(small("export").stdout)
    assert [e["path"] for e in doc["entries"]] == [CALL, "notes.md", "old/2026-01-01-call.md"]
    out = tmp_path / "feed.ics"
    assert small("export", "--format", "ics", "-o", str(out)).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    cal = icalendar.Calendar.from_ical(data)
    summaries = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert summaries == sorted([
        "[Acme Labs] Send proposal", "[Acme Labs] Waiting on dana: @dana Confirm budget",
        "[Acme Labs] Far away", "Renew domain", "Get in touch: Acme Labs (due since 2026-11-25)",
        "Birthday: Dana (Acme Labs)",
    ])
    small("export", "--format", "ics", "-o", str(tmp_path / "again.ics"))
    assert (tmp_path / "again.ics").read_bytes() == data


# -- the example vault ------------------------------------------------------------------


def test_example_vault_followups_exactly(run):
    assert run.json("followups") == EXAMPLE_FOLLOWUPS


def test_example_vault_clients_exactly(run):
    assert run.json("clients") == EXAMPLE_CLIENTS


@pytest.mark.parametrize("args", [
    ["followups"], ["followups", "--format", "html"], ["followups", "--format", "md"], ["clients"],
    ["digest", "--since", "30d"], ["digest", "--since", "90d", "--format", "html"], ["digest", "--format", "md"],
    ["brief", "acme-labs"], ["brief", "acme-labs", "--format", "html"], ["brief", "northlight-studio", "--format", "md"],
    ["timeline", "acme-labs"], ["stats"], ["stats", "--client", "acme-labs"], ["export"], ["export", "--format", "ics"],
])
def test_example_vault_every_report_runs(run, args):
    r = run(*args)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip()


# -- golden documents -------------------------------------------------------------------

EXAMPLE_FOLLOWUPS = {
    'today': '2026-12-04',
    'horizon_end': '2026-12-18',
    'tasks': [
        {'id': 'thpvc5nw', 'client': 'acme-labs', 'path': 'acme-labs/2026/10/2026-10-07-meeting.md', 'line': 18, 'text': '@dana Send Q3 churn numbers by cohort', 'status': 'open', 'due': '2026-10-20', 'owner': 'dana', 'overdue': True},
        {'id': 'yyamq27y', 'client': 'brightsmile-dental', 'path': 'brightsmile-dental/2026-11-12-meeting.md', 'line': 21, 'text': 'Send Priya the patient-reactivation email script', 'status': 'open', 'due': '2026-11-20', 'owner': None, 'overdue': True},
        {'id': 'tfnr5jtz', 'client': 'acme-labs', 'path': 'acme-labs/2026-11-03-call.md', 'line': 18, 'text': 'Send revised proposal for the 2027 coaching package', 'status': 'open', 'due': '2026-11-28', 'owner': None, 'overdue': True},
        {'id': 'yfqh5pql', 'client': 'green-commons', 'path': 'green-commons/2026-11-10-call.md', 'line': 20, 'text': '@aisha Send the November board minutes', 'status': 'open', 'due': '2026-11-30', 'owner': 'aisha', 'overdue': True},
        {'id': '4vqvkphe', 'client': 'rosemary-bakery', 'path': 'rosemary-bakery/2026-11-05-call.md', 'line': 20, 'text': '@marta Send the December production schedule', 'status': 'open', 'due': '2026-12-01', 'owner': 'marta', 'overdue': True},
        {'id': 'nmeswrjy', 'client': 'acme-labs', 'path': 'acme-labs/2026-12-02-call.md', 'line': 16, 'text': 'Send Dana the draft agenda for the January leadership session', 'status': 'open', 'due': '2026-12-04', 'owner': None, 'overdue': False},
        {'id': 'hynntw22', 'client': 'rosemary-bakery', 'path': 'rosemary-bakery/2026-11-05-call.md', 'line': 21, 'text': 'Draft a holiday staffing rota template', 'status': 'open', 'due': '2026-12-05', 'owner': None, 'overdue': False},
        {'id': 'rqwwjdte', 'client': 'acme-labs', 'path': 'acme-labs/2026-11-03-call.md', 'line': 19, 'text': '@dana Confirm budget for 2027', 'status': 'open', 'due': '2026-12-08', 'owner': 'dana', 'overdue': False},
        {'id': 'fq63dqsr', 'client': 'acme-labs', 'path': 'acme-labs/2026-12-02-call.md', 'line': 17, 'text': 'Birthday card for Dana (11 Dec)', 'status': 'open', 'due': '2026-12-09', 'owner': None, 'overdue': False},
        {'id': 'hiaiqog3', 'client': 'acme-labs', 'path': 'acme-labs/2026/11/2026-11-17-meeting.md', 'line': 21, 'text': 'Build 90-day plan for Claire with Dana ⏫', 'status': 'open', 'due': '2026-12-10', 'owner': None, 'overdue': False},
        {'id': 'npfawife', 'client': 'brightsmile-dental', 'path': 'brightsmile-dental/2026-11-12-meeting.md', 'line': 22, 'text': '@priya Pull no-show stats for Sept–Nov', 'status': 'open', 'due': '2026-12-11', 'owner': 'priya', 'overdue': False},
        {'id': 'jyycl3yy', 'client': 'green-commons', 'path': 'green-commons/2026-11-10-call.md', 'line': 19, 'text': "Review Aisha's draft gala speech", 'status': 'open', 'due': '2026-12-14', 'owner': None, 'overdue': False},
        {'id': '74bim3k7', 'client': 'acme-labs', 'path': 'acme-labs/2026/11/2026-11-17-meeting.md', 'line': 25, 'text': '@raj Send the engineering org chart to jordan@elliscoaching.example', 'status': 'open', 'due': '2026-12-15', 'owner': 'raj', 'overdue': False},
        {'id': 'rzld7u3i', 'client': None, 'path': 'notes.md', 'line': 6, 'text': 'Renew professional liability insurance', 'status': 'open', 'due': '2026-12-15', 'owner': None, 'overdue': False},
        {'id': 'ldvlzvka', 'client': 'fern-and-fig', 'path': 'fern-and-fig/2026-10-21-meeting.md', 'line': 11, 'text': "@sam Decide on the Valentine's pre-order page", 'status': 'open', 'due': '2026-12-18', 'owner': 'sam', 'overdue': False},
        {'id': '3e76335t', 'client': 'acme-labs', 'path': 'acme-labs/2026/11/2026-11-17-meeting.md', 'line': 23, 'text': 'Draft days 31–90', 'status': 'open', 'due': None, 'owner': None, 'overdue': False},
        {'id': '7me2bwo4', 'client': 'acme-labs', 'path': 'acme-labs/2026/11/2026-11-17-meeting.md', 'line': 24, 'text': 'Review with Dana and Raj', 'status': 'open', 'due': None, 'owner': None, 'overdue': False},
        {'id': 'wqs6w6ii', 'client': 'brightsmile-dental', 'path': 'brightsmile-dental/2026-11-12-meeting.md', 'line': 23, 'text': 'Forward recall-letter examples to frontdesk@brightsmile.example', 'status': 'open', 'due': None, 'owner': None, 'overdue': False},
        {'id': 'tccvvnpm', 'client': 'fern-and-fig', 'path': 'fern-and-fig/2026-10-21-meeting.md', 'line': 10, 'text': 'Send Sam the pricing worksheet', 'status': 'open', 'due': None, 'owner': None, 'overdue': False},
        {'id': 'iww5idfh', 'client': 'green-commons', 'path': 'green-commons/2026-11-10-call.md', 'line': 21, 'text': 'Sit on the coordinator interview panel (dates TBC) 🔼', 'status': 'open', 'due': None, 'owner': None, 'overdue': False},
        {'id': 'kciipwc6', 'client': 'hale-wexler-law', 'path': 'hale-wexler-law/2026-09-02-meeting.md', 'line': 23, 'text': 'Send Ruth a short note on the development plan, cc legal@halewexler.example', 'status': 'open', 'due': None, 'owner': None, 'overdue': False},
        {'id': 'zcumh4rm', 'client': 'rosemary-bakery', 'path': 'rosemary-bakery/2026-11-28-meeting.md', 'line': 20, 'text': 'Intro Marta to Sam at Fern & Fig (shared space idea?)', 'status': 'open', 'due': None, 'owner': None, 'overdue': False},
        {'id': 'yjhw5hp2', 'client': None, 'path': 'notes.md', 'line': 7, 'text': 'Update the testimonials page on the website (ask Marta + Priya first)', 'status': 'open', 'due': None, 'owner': None, 'overdue': False},
        {'id': '6suplooy', 'client': None, 'path': 'notes.md', 'line': 9, 'text': 'Plan January "founders\' roundtable" — maybe invite Dana, Aisha, Sam #events', 'status': 'open', 'due': None, 'owner': None, 'overdue': False},
    ],
    'contact_due': [
        {'client': 'fern-and-fig', 'last_contact': '2026-10-21', 'days_since': 44, 'cadence_days': 30, 'next_contact': '2026-11-20'},
        {'client': 'brightsmile-dental', 'last_contact': '2026-11-12', 'days_since': 22, 'cadence_days': 14, 'next_contact': '2026-11-26'},
        {'client': 'acme-labs', 'last_contact': '2026-12-02', 'days_since': 2, 'cadence_days': 14, 'next_contact': '2026-12-09'},
        {'client': 'green-commons', 'last_contact': '2026-11-10', 'days_since': 24, 'cadence_days': 30, 'next_contact': '2026-12-10'},
    ],
    'dates': [
        {'client': 'acme-labs', 'label': 'birthday', 'date': '2026-12-11', 'days_until': 7},
    ],
}

EXAMPLE_CLIENTS = {
    'today': '2026-12-04',
    'clients': [
        {'client': 'fern-and-fig', 'name': 'fern-and-fig', 'status': 'active', 'last_contact': '2026-10-21', 'days_since': 44, 'entries': 3, 'open_mine': 1, 'open_theirs': 1, 'cadence_days': 30, 'next_contact': '2026-11-20', 'contact_due': True},
        {'client': 'brightsmile-dental', 'name': 'BrightSmile Dental', 'status': 'active', 'last_contact': '2026-11-12', 'days_since': 22, 'entries': 9, 'open_mine': 2, 'open_theirs': 1, 'cadence_days': 14, 'next_contact': '2026-11-26', 'contact_due': True},
        {'client': 'acme-labs', 'name': 'Acme Labs', 'status': 'active', 'last_contact': '2026-12-02', 'days_since': 2, 'entries': 11, 'open_mine': 6, 'open_theirs': 3, 'cadence_days': 14, 'next_contact': '2026-12-09', 'contact_due': True},
        {'client': 'green-commons', 'name': 'Green Commons Trust', 'status': 'active', 'last_contact': '2026-11-10', 'days_since': 24, 'entries': 7, 'open_mine': 2, 'open_theirs': 1, 'cadence_days': 30, 'next_contact': '2026-12-10', 'contact_due': True},
        {'client': 'rosemary-bakery', 'name': 'Rosemary & Rye Bakery', 'status': 'active', 'last_contact': '2026-11-28', 'days_since': 6, 'entries': 7, 'open_mine': 3, 'open_theirs': 1, 'cadence_days': 30, 'next_contact': '2026-12-19', 'contact_due': False},
        {'client': 'hale-wexler-law', 'name': 'Hale & Wexler LLP', 'status': 'paused', 'last_contact': '2026-09-30', 'days_since': 65, 'entries': 4, 'open_mine': 2, 'open_theirs': 0, 'cadence_days': 90, 'next_contact': '2026-12-29', 'contact_due': False},
        {'client': 'northlight-studio', 'name': 'Northlight Architecture Studio', 'status': 'former', 'last_contact': '2026-08-03', 'days_since': 123, 'entries': 3, 'open_mine': 1, 'open_theirs': 0, 'cadence_days': 30, 'next_contact': '2026-09-02', 'contact_due': False},
    ],
}
