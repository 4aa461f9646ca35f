"""NIR and RPPS checks: every malformed number gets a precise message."""
import datetime
from pathlib import Path

import pytest
from pyramid.i18n import make_localizer

import dmp_library
from dmp_library.resources.identity import (
    IdentityError,
    check_nir,
    check_rpps,
    nir_key,
    nir_matches_identity,
)


def english(message):
    """Interpolate a translation string the way the UI shows it (English source)."""
    return message.interpolate()


@pytest.mark.parametrize("nir", ["161077127011239", "1 61 07 71 270 112 39", "249046938104536"])
def test_valid_nir_is_normalised(nir):
    """A NIR typed with the spaces of the carte vitale is accepted and stored without them."""
    assert check_nir(nir) == nir.replace(" ", "")


def test_key_is_97_minus_number_mod_97():
    """The key is 97 - (first 13 digits mod 97)."""
    assert nir_key("1610771270112") == 97 - 1610771270112 % 97 == 39


@pytest.mark.parametrize("department, substitute", [("2A", "19"), ("2B", "18")])
def test_corsica_departments_are_substituted(department, substitute):
    """2A counts as 19 and 2B as 18 when computing the key, and both are accepted."""
    first13 = "18502" + department + "004012"
    key = 97 - int("18502" + substitute + "004012") % 97
    nir = first13 + "%02d" % key
    assert check_nir(nir) == nir
    assert check_nir(nir.lower()) == nir


@pytest.mark.parametrize("value, expected", [
    ("", "Enter the social security number (NIR): 15 characters."),
    ("   ", "Enter the social security number (NIR): 15 characters."),
    ("16107712701123", "A NIR has 15 characters (13 + a 2-digit key); you entered 14."),
    ("1610771270112390", "A NIR has 15 characters (13 + a 2-digit key); you entered 16."),
    ("16107712X011239", "A NIR contains only digits (except 2A/2B for Corsica): "
                        "\u201cX\u201d at position 9."),
    ("1610771270112AB", "A NIR contains only digits (except 2A/2B for Corsica): "
                        "\u201cA\u201d at position 14."),
    ("361077127011239", "The first digit of a NIR (sex) must be 1 or 2."),
    ("161077127011238", "The NIR key 38 does not match the 13 first characters (expected 39): "
                        "check the number."),
])
def test_malformed_nir_gets_a_precise_message(value, expected):
    with pytest.raises(IdentityError) as error:
        check_nir(value)
    assert english(error.value.message) == expected


def test_nir_messages_are_translated_to_french():
    """The default language of the site is French."""
    localizer = make_localizer("fr", [str(Path(dmp_library.__file__).parent / "locale")])
    with pytest.raises(IdentityError) as error:
        check_nir("16107712701123")
    assert localizer.translate(error.value.message) == (
        "Un NIR compte 15 caractères (13 + une clé de 2 chiffres) ; vous en avez saisi 14.")


def test_nir_is_checked_against_sex_and_birth_date():
    """The carte vitale's NIR must agree with the sex and the month and year of birth."""
    nir = "161077127011239"
    assert nir_matches_identity(nir, "M", datetime.date(1961, 7, 22)) is None
    assert "sex" in english(nir_matches_identity(nir, "F", datetime.date(1961, 7, 22)))
    assert "year" in english(nir_matches_identity(nir, "M", datetime.date(1962, 7, 22)))
    assert "month" in english(nir_matches_identity(nir, "M", datetime.date(1961, 8, 22)))


@pytest.mark.parametrize("value, expected", [
    ("", "Enter the RPPS number: 11 digits."),
    ("1032231665", "An RPPS number has 11 digits; you entered 10."),
    ("103223166531", "An RPPS number has 11 digits; you entered 12."),
    ("1032231665A", "An RPPS number contains only digits."),
    ("10322316654", "This RPPS number is not valid (its check digit is wrong)."),
])
def test_malformed_rpps_gets_a_precise_message(value, expected):
    with pytest.raises(IdentityError) as error:
        check_rpps(value)
    assert english(error.value.message) == expected


def test_valid_rpps():
    assert check_rpps(" 10322316653 ") == "10322316653"
