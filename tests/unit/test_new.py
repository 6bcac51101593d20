"""`kbgen new site|section|question`: a help center to start from; numbered, slugged files with the required front matter, never overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.errors import ContentError, KbgenError
from kbgen.load.loader import load_help_center
from kbgen.load.yamlio import parse_yaml, yaml_scalar
from kbgen.new import new_question, new_section, numbered


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_new_section_is_numbered_after_the_last(shipped_copy: Path) -> None:
    result = run("new", "section", "Shipping Times")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Created content/sections/12-shipping-times/_section.yaml\n"
    text = (shipped_copy / "sections" / "12-shipping-times" / "_section.yaml").read_text(encoding="utf-8")
    assert text.startswith("title: Shipping Times\n")
    hc, _ = load_help_center(Path("content"))
    assert hc.sections[-1].slug == "shipping-times" and hc.sections[-1].title == "Shipping Times"


def test_new_question_is_numbered_slugged_and_needs_an_answer(shipped_copy: Path) -> None:
    result = run("new", "question", "membership", "Can I transfer my points to a friend?")
    assert result.exit_code == 0, result.output
    path = "content/sections/01-membership/09-transfer-points-friend.md"
    assert result.stdout == f"Created {path}: write the answer below the front matter\n"
    assert Path(path).read_text(encoding="utf-8") == (
        "---\n"
        "question: Can I transfer my points to a friend?\n"
        "# tags: [word, another word]   # optional: helps search\n"
        "# updated: YYYY-MM-DD          # optional\n"
        "# promoted: true               # optional: among the home page's popular questions\n"
        "---\n"
    )
    check = run("check")
    assert check.exit_code == 1
    assert f"{path}:7: the answer is empty: write it below the front matter" in check.stderr.splitlines()
    with Path(path).open("a", encoding="utf-8") as handle:
        handle.write("No, points belong to the account that earned them.\n")
    assert run("check").exit_code == 0


def test_question_by_folder_name_and_quoted_text(make_project) -> None:
    make_project()
    created = new_question(Path("content"), "01-orders", "What does “shipped: pending” mean?")
    assert created.path == Path("content/sections/01-orders/02-shipped-pending-mean.md")
    with created.path.open("a", encoding="utf-8") as handle:
        handle.write("It is on its way.\n")
    hc, _ = load_help_center(Path("content"))
    assert hc.sections[0].questions[1].question == "What does “shipped: pending” mean?"


def test_refusals(make_project) -> None:
    content = make_project()
    with pytest.raises(KbgenError, match="a section with slug 'orders' already exists"):
        new_section(content, "Orders")
    with pytest.raises(KbgenError, match="slug 'search' is reserved"):
        new_section(content, "Search")
    with pytest.raises(KbgenError, match=r"cannot make a URL slug from .¿\?.: give one with --slug"):
        new_section(content, "¿?")
    with pytest.raises(KbgenError, match="slug 'Bad Slug' is not URL-clean"):
        new_section(content, "Fine title", slug="Bad Slug")
    with pytest.raises(KbgenError, match=r"no section 'order' in .* \(did you mean 'orders'\?\); sections: orders"):
        new_question(content, "order", "Where is it?")
    with pytest.raises(KbgenError, match="a question with slug 'cancel' already exists"):
        new_question(content, "orders", "How do I cancel?", slug="cancel")


def test_never_overwrites(make_project) -> None:
    content = make_project({"sections/02-returns/_section.yaml": None})
    target = content / "sections" / "02-returns" / "_section.yaml"
    target.parent.mkdir(parents=True)
    # A folder whose slug differs but whose file exists: the writer itself refuses.
    (content / "sections" / "02-returns").rename(content / "sections" / "02-returns-old")
    (content / "sections" / "02-returns").mkdir()
    target.write_text("title: Mine\n", encoding="utf-8")
    result = run("new", "section", "Returns")
    assert result.exit_code == 1
    assert "a section with slug 'returns' already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "title: Mine\n"


def test_cli_errors_exit_1(make_project) -> None:
    make_project()
    result = run("new", "question", "nope", "Where?")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no section 'nope'")


def test_numbering_keeps_width() -> None:
    assert numbered([]) == (1, 2)
    assert numbered(["01-a", "02-b", "_section.yaml"]) == (3, 2)
    assert numbered(["009-a", "010-b"]) == (11, 3)
    assert numbered(["99-a"]) == (100, 2)


@pytest.mark.parametrize(
    "text", ["Plain words", "Colon: inside", "#hash first", "yes", "- dash", "“quotes” and 'single'", "[x]", "{y}"]
)
def test_yaml_scalar_round_trips(text: str) -> None:
    assert parse_yaml(f"value: {yaml_scalar(text)}\n") == {"value": text}


def test_new_files_pass_check_once_answered(make_project) -> None:
    content = make_project()
    section = new_section(content, "Payments & Refunds")
    question = new_question(content, "payments-refunds", "Which cards do you take?")
    with pytest.raises(ContentError):
        load_help_center(content)
    with question.path.open("a", encoding="utf-8") as handle:
        handle.write("Visa and Mastercard.\n")
    hc, warnings = load_help_center(content)
    assert section.path.parent.name == "02-payments-refunds"
    assert [q.slug for q in hc.sections[1].questions] == ["cards-take"]
    assert warnings == []


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Доставка и оплата", "доставка-и-оплата"),
        ("配送について", "配送について"),
        ("الشحن والتوصيل", "الشحن-والتوصيل"),
        ("Ürün iadesi", "urun-iadesi"),
        ("Don’t ship twice", "dont-ship-twice"),
    ],
)
def test_a_title_keeps_its_script_in_its_slug_and_latin_ones_stay_ascii(make_project, title: str, slug: str) -> None:
    make_project()
    created = new_section(Path("content"), title)
    assert created.path == Path(f"content/sections/02-{slug}/_section.yaml")
    hc, _ = load_help_center(Path("content"))
    assert hc.sections[-1].slug == slug and hc.sections[-1].title == title


def test_a_question_in_cyrillic_gets_a_cyrillic_slug(make_project) -> None:
    make_project()
    created = new_question(Path("content"), "01-orders", "Как отменить заказ?")
    assert created.path == Path("content/sections/01-orders/02-как-отменить-заказ.md")


def test_new_site_without_an_email_leaves_contact_out() -> None:
    assert run("new", "site", "Help").exit_code == 0
    site = parse_yaml(Path("content/site.yaml").read_text(encoding="utf-8"))
    assert site == {
        "title": "Help",
        "description": "Answers to our customers' most common questions.",
        "language": "en",
    }


def test_new_site_only_in_a_missing_or_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert run("new", "site", "Help", "--content", "empty").exit_code == 0
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("mine")
    result = run("new", "site", "Help", "--content", "notes")
    assert result.exit_code == 1
    assert result.stderr == "Error: notes is not an empty folder: a new help center starts in a new or empty one\n"
    assert [p.name for p in (tmp_path / "notes").iterdir()] == ["todo.txt"]
    assert (tmp_path / "notes" / "todo.txt").read_text() == "mine"
    (tmp_path / "a-file").write_text("x")
    assert run("new", "site", "Help", "--content", "a-file").exit_code == 2  # not a folder: a usage error
    assert (tmp_path / "a-file").read_text() == "x"
    assert run("new", "site", "  ").stderr == "Error: the help center's title is empty\n"


def test_new_section_or_question_outside_a_help_center_is_refused() -> None:
    # What the starter text of `kbgen new site … --content help` once suggested, run beside `help/`.
    assert run("new", "site", "Help", "--content", "help").exit_code == 0
    section = run("new", "section", "Shipping")
    assert section.exit_code == 2
    assert section.output == (
        "Error: there is no folder content/: not a help center. Start one with 'kbgen new site \"Title\"', "
        "or name yours with --content\n"
    )
    question = run("new", "question", "getting-started", "Where is it?", "--content", "nope")
    assert question.exit_code == 2
    assert question.output == (
        'Error: there is no folder nope/: not a help center. Start one with \'kbgen new site "Title" --content '
        "nope', or name yours with --content\n"
    )
    Path("notes").mkdir()
    assert run("new", "section", "Shipping", "--content", "notes").output.startswith(
        "Error: notes/ has no site.yaml: not a help center."
    )
    assert sorted(p.name for p in Path().iterdir()) == ["help", "notes"]  # no content/, no nope/
    assert list(Path("notes").iterdir()) == []


def test_the_starter_text_names_the_content_folder() -> None:
    assert run("new", "site", "Help", "--content", "help").exit_code == 0
    answer = Path("help/sections/01-getting-started/01-write-answer.md").read_text(encoding="utf-8")
    assert '`kbgen new section "Shipping" --content help` adds a topic' in answer
    assert '`kbgen new question getting-started "Your question?" --content help`' in answer
    assert "`kbgen serve --content help`" in answer and "`kbgen check --content help`" in answer
    # Each command it names works as written, from the folder `new site` ran in.
    assert run("new", "section", "Shipping", "--content", "help").exit_code == 0
    assert run("new", "site", "Other").exit_code == 0  # the default folder, content/, needs no --content
    assert "`kbgen serve` shows" in Path("content/sections/01-getting-started/01-write-answer.md").read_text()


def test_a_long_section_title_gets_a_slug_that_fits_a_file_name(make_project) -> None:
    content = make_project()
    title = " ".join(["Internationalisation"] * 20)  # 419 characters: its whole slug is no file name
    created = new_section(content, title)
    assert created.path.parent.name == "02-" + "-".join(["internationalisation"] * 2)  # 41 characters: whole words
    result = run("new", "section", "Another " + title)
    assert result.exit_code == 0, result.output
    assert (
        result.output == "Created content/sections/03-another-internationalisation-internationalisation/_section.yaml\n"
    )
