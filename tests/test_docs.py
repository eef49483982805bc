"""The README's workbook reference is generated from the schema and kept in step with it."""

from realize.contract import schema
from realize.report import docs


def test_readme_reference_matches_the_schema() -> None:
    text = docs.README.read_text()
    assert docs.readme_with_reference(text) == text, (
        "run `python -m realize.report.docs` to regenerate the README reference"
    )
    for sheet in schema.SHEETS:
        assert f"#### {sheet.name}\n" in text
        for column in sheet.columns:
            assert f"| `{column.name}` |" in text


def test_readme_opens_with_the_two_commands() -> None:
    head = "\n".join(docs.README.read_text().splitlines()[:8])
    assert "make run" in head and "make test" in head
