"""backoffice.phrases.phrase: Magento's Framework/Phrase/Renderer/Placeholder (PHP strtr over %1... and %name)."""

from __future__ import annotations

from backoffice.phrases import phrase


def test_positional_arguments_fill_their_numbers() -> None:
    assert phrase("Invalid type for value: \"%1\". Expected Type: \"%2\".", "array", "string") == (
        'Invalid type for value: "array". Expected Type: "string".'
    )


def test_the_longest_placeholder_wins_and_filled_text_is_not_read_again() -> None:
    """strtr: "%11" is not "%1" followed by "1"; a value holding "%2" stays as it is."""
    template = " ".join(f"%{n}" for n in range(1, 12))
    assert phrase(template, *(f"v{n}" for n in range(1, 12))) == " ".join(f"v{n}" for n in range(1, 12))
    assert phrase("%1 and %2", "%2", "b") == "%2 and b"


def test_named_arguments_fill_their_names() -> None:
    assert phrase("Not found %sku at %sourceCode", sku="24-MB01", sourceCode="ne_wh") == "Not found 24-MB01 at ne_wh"


def test_without_arguments_the_template_is_unchanged() -> None:
    assert phrase("100% of %1") == "100% of %1"
