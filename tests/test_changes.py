"""The change history (`/changes/`, its Atom feed) and the retirement calendar (page + .ics)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import git
from test_diff import edit

from generator.build import Settings, build
from generator.catalog import load_catalog
from generator.changes import atom_feed, icalendar, render_changes, retirements
from generator.history import read_history
from generator.merge import merge_catalog
from generator.render import make_env

TODAY = dt.date(2025, 11, 21)  # conftest's FIXED_EPOCH
ATOM = "{http://www.w3.org/2005/Atom}"
OPENAI = "providers/openai.yaml"


def make_history(catalog: Path) -> None:
    """Two more commits: a price cut and a retirement date, then a new model."""
    edit(catalog, OPENAI, "      input: 30\n", "      input: 20\n")
    edit(
        catalog,
        OPENAI,
        "    successor: gpt-4o\n",
        "    retirement_date: 2026-06-01\n    successor: gpt-4o\n",
    )
    git(catalog.parent, "commit", "-q", "-am", "GPT-4: cheaper, and retires in June", day=1)
    edit(
        catalog,
        OPENAI,
        "  - id: text-embedding-3-small\n",
        "  - id: o9\n    name: O9\n    kind: chat\n  - id: text-embedding-3-small\n",
    )
    git(catalog.parent, "commit", "-q", "-am", "Add o9", day=2)
    edit(catalog, OPENAI, "name: O9\n", "name: O9 (renamed in the work tree only)\n")


def render(catalog: Path) -> dict[str, bytes]:
    entries = merge_catalog(load_catalog(catalog))
    context = {"today": TODAY.isoformat(), "data_path": "/catalog.json"}
    files = render_changes(read_history(catalog), entries, make_env(), TODAY, context)
    return dict(files)


def test_history_lists_each_commit_that_users_would_care_about(git_catalog: Path) -> None:
    make_history(git_catalog)
    history = read_history(git_catalog)
    assert history is not None
    assert [(c.subject, c.date.isoformat()) for c in history] == [
        ("Add o9", "2025-11-23T00:00:00+00:00"),
        ("GPT-4: cheaper, and retires in June", "2025-11-22T00:00:00+00:00"),
    ]  # the first commit starts the history; uncommitted edits are not history
    assert [m.id for m in history[0].diff.added] == ["openai/o9"]
    assert [(p.field, p.old, p.new) for p in history[1].diff.prices] == [("input", 30.0, 20.0)]
    assert read_history(git_catalog, limit=1) == history[:1]


def test_changes_page_and_feed_show_new_models_prices_and_retirements(git_catalog: Path) -> None:
    make_history(git_catalog)
    files = render(git_catalog)
    page = files["changes/index.html"].decode()
    assert "2025-11-23</time>: 1 new model</h2>" in page
    assert "New model openai/o9 (O9, chat)" in page
    assert "2025-11-22</time>: 1 retirement, 1 price change</h2>" in page
    assert "openai/gpt-4: retirement date set to 2026-06-01" in page
    assert "openai/gpt-4: input price $30 → $20 (-33.3%)" in page
    feed = ET.fromstring(files["changes/feed.xml"])
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}updated") == "2025-11-23T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "2025-11-23: 1 new model",
        "2025-11-22: 1 retirement, 1 price change",
    ]
    content = entries[1].find(f"{ATOM}content")
    assert content is not None and content.get("type") == "html"
    assert content.text == (
        "<ul><li>openai/gpt-4: retirement date set to 2026-06-01</li>"
        "<li>openai/gpt-4: input price $30 → $20 (-33.3%)</li></ul>"
    )
    assert entries[0].findtext(f"{ATOM}id", "").startswith("urn:llmcat:change:")


def test_outside_git_the_page_says_so_and_the_feed_is_empty_but_valid(catalog_dir: Path) -> None:
    files = render(catalog_dir)
    assert "outside a git repository" in files["changes/index.html"].decode()
    feed = ET.fromstring(files["changes/feed.xml"])
    assert feed.findall(f"{ATOM}entry") == []
    for tag in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{tag}")
    assert feed.findtext(f"{ATOM}updated") == "2025-11-21T00:00:00Z"
    assert atom_feed([], TODAY) == files["changes/feed.xml"]


def test_changes_are_byte_identical_when_built_twice(git_catalog: Path) -> None:
    make_history(git_catalog)
    assert render(git_catalog) == render(git_catalog)


def test_retirement_page_lists_coming_shutdowns_with_successors(git_catalog: Path) -> None:
    make_history(git_catalog)
    page = render(git_catalog)["retirements/index.html"].decode()
    coming = page.split('id="coming"')[1].split("</table>")[0]
    rows = coming.split("<tr><td>")[1:]
    assert [r.split("<code>")[1].split("</code>")[0] for r in rows] == [
        "amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0",
        "openai/gpt-4",
    ]
    assert '<time datetime="2026-06-01">2026-06-01</time>' in rows[1]
    assert '<a href="/models/openai/gpt-4o/">openai/gpt-4o</a>' in rows[1]
    assert 'id="past"' not in page


def test_retirement_page_moves_past_shutdowns_below(catalog_dir: Path) -> None:
    entries = merge_catalog(load_catalog(catalog_dir))
    later = dt.date(2026, 4, 1)
    files = dict(
        render_changes(
            None, entries, make_env(), later, {"today": "2026-04-01", "data_path": "/catalog.json"}
        )
    )
    page = files["retirements/index.html"].decode()
    assert "No shutdowns announced." in page
    past = page.split('id="past"')[1]
    assert '<time datetime="2026-03-01">2026-03-01</time>: <a href="/models/amazon-bedrock/' in past
    pending = page.split('id="deprecated"')[1].split("</ul>")[0]
    assert "<code>openai/gpt-4</code>, deprecated 2025-06-01" in pending


def test_icalendar_is_rfc5545(git_catalog: Path) -> None:
    make_history(git_catalog)
    ics = render(git_catalog)["retirements.ics"]
    text = ics.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = text.split("BEGIN:VEVENT\r\n")[1:]
    assert [e.split("UID:")[1].split("\r\n")[0] for e in events] == [
        "amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0@llmcat",
        "openai/gpt-4@llmcat",
    ]
    gpt4 = events[1].replace("\r\n ", "")  # unfold
    for line in (
        "DTSTAMP:20251121T000000Z",
        "DTSTART;VALUE=DATE:20260601",
        "DTEND;VALUE=DATE:20260602",
        "SUMMARY:openai/gpt-4 retires",
        "DESCRIPTION:GPT-4 (OpenAI) is shut down on 2026-06-01. Successor: openai/gpt-4o.",
    ):
        assert f"\r\n{line}\r\n" in f"\r\n{gpt4}"


def test_icalendar_escapes_text_and_folds_without_splitting_characters(catalog_dir: Path) -> None:
    edit(catalog_dir, OPENAI, "name: GPT-4\n", "name: 'GPT-4; the, original \\ model ✓✓✓✓✓✓✓✓✓✓'\n")
    edit(
        catalog_dir,
        OPENAI,
        "    successor: gpt-4o\n",
        "    retirement_date: 2026-06-01\n    successor: gpt-4o\n",
    )
    entries = merge_catalog(load_catalog(catalog_dir))
    text = icalendar(retirements(entries), TODAY).decode("utf-8")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:GPT-4\\; the\\, original \\\\ model ✓✓✓✓✓✓✓✓✓✓ (OpenAI)" in unfolded


def test_build_publishes_the_change_pages(git_catalog: Path, tmp_path: Path) -> None:
    make_history(git_catalog)
    build(Settings(catalog_dir=git_catalog, out_dir=tmp_path / "site"))
    site = tmp_path / "site"
    assert "New model openai/o9 (O9, chat)" in (site / "changes/index.html").read_text()
    assert len(ET.parse(site / "changes/feed.xml").getroot().findall(f"{ATOM}entry")) == 2
    assert "openai/gpt-4" in (site / "retirements/index.html").read_text()
    assert (site / "retirements.ics").read_bytes().count(b"BEGIN:VEVENT\r\n") == 2


def test_history_reuses_cached_parses_and_survives_a_broken_cache(git_catalog: Path) -> None:
    make_history(git_catalog)
    first = read_history(git_catalog)
    folder = git_catalog.parent / ".git" / "llmcat-cache"
    commits = sorted(folder.glob("*/commit-*.json"))
    assert len(commits) == 2  # one diff per commit with a parent
    for path in commits:
        path.unlink()  # so the blobs are parsed again, through their cache
    blobs = sorted(set(folder.glob("*/*.json")) - set(folder.glob("*/commit-*.json")))
    assert len(blobs) == 3  # the blobs the two diffs compare; the first commit's are not read
    for path in blobs:
        path.write_text('{"not": "a provider"}')  # from another schema, say
    assert read_history(git_catalog) == first
    assert all(p.read_bytes().startswith(b'{"$schema"') for p in blobs)  # parsed and rewritten


def test_history_reads_each_commit_diff_from_its_cache(git_catalog: Path) -> None:
    make_history(git_catalog)
    first = read_history(git_catalog)
    assert first is not None
    folder = git_catalog.parent / ".git" / "llmcat-cache"
    for path in folder.glob("*/*.json"):
        if not path.name.startswith("commit-"):
            path.unlink()  # no blob parses left: the diffs must come from the commit cache
    newest = next(folder.glob(f"*/commit-{first[0].sha}.json"))
    assert read_history(git_catalog) == first
    assert not [p for p in folder.glob("*/*.json") if not p.name.startswith("commit-")]
    newest.write_text("{broken")  # unreadable: that commit is compared again, and re-cached
    assert read_history(git_catalog) == first
    assert json.loads(newest.read_text())["added"][0]["id"] == "openai/o9"
