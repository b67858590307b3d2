"""The near-duplicate comparison the importer warns with (`pages.similar`)."""

import pytest

from pages.similar import is_near, normalise


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Trust Issues", "trust-issues"),
        ("TRUST ISSUES!", "Trust issues"),
        ("Café anxiety", "cafe anxiety"),
        ("Trust issue", "Trust issues"),
        ("trust_issues", "trust-issues"),
    ],
)
def test_near(a, b):
    assert is_near(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Trust issues", "Panic attacks"), ("Anxiety", "Anxious parenting"), ("", ""), ("!!", "?")],
)
def test_not_near(a, b):
    assert not is_near(a, b)


def test_normalise_drops_accents_case_and_punctuation():
    assert normalise("  Ça va? —  Trust_Issues ") == "ca va trust issues"
