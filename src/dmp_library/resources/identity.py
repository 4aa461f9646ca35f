"""Identity checks for NIR (numéro de sécurité sociale) and RPPS numbers.

Both return the normalised number or raise :class:`IdentityError` whose message says exactly what
is wrong, so that forms, the API and the ``dmp`` command all give the same precise answer.
"""
import re

from ..i18n import _

NIR_LENGTH = 15
RPPS_LENGTH = 11
_CORSICA = {"2A": "19", "2B": "18"}  # substitution before computing the key


class IdentityError(ValueError):
    """A malformed identifier; ``message`` is a translation string for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def normalise_nir(value):
    """Strip the spaces of a NIR as printed on a carte vitale and upper-case 2a/2b."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def nir_key(first13):
    """The two-digit key of the 13 first characters of a NIR (Corsica substituted)."""
    department = first13[5:7]
    digits = first13[:5] + _CORSICA.get(department, department) + first13[7:]
    return 97 - int(digits) % 97


def check_nir(value):
    """Return the normalised NIR or raise IdentityError with a precise message."""
    nir = normalise_nir(value)
    if not nir:
        raise IdentityError(_("Enter the social security number (NIR): 15 characters."))
    if len(nir) != NIR_LENGTH:
        raise IdentityError(
            _(
                "A NIR has 15 characters (13 + a 2-digit key); you entered ${count}.",
                mapping={"count": len(nir)},
            )
        )
    for position, char in enumerate(nir, start=1):
        allowed_corsica = position in (6, 7) and nir[5:7] in _CORSICA
        if not char.isdigit() and not allowed_corsica:
            raise IdentityError(
                _(
                    "A NIR contains only digits (except 2A/2B for Corsica): "
                    "\u201c${char}\u201d at position ${position}.",
                    mapping={"char": char, "position": position},
                )
            )
    if nir[0] not in "12":
        raise IdentityError(_("The first digit of a NIR (sex) must be 1 or 2."))
    expected = nir_key(nir[:13])
    if int(nir[13:]) != expected:
        raise IdentityError(
            _(
                "The NIR key ${given} does not match the 13 first characters "
                "(expected ${expected}): check the number.",
                mapping={"given": nir[13:], "expected": "%02d" % expected},
            )
        )
    return nir


def nir_matches_identity(nir, sex, birth_date):
    """Return a message when the NIR contradicts the sex or birth date, else None."""
    if sex and {"M": "1", "F": "2"}.get(sex) != nir[0]:
        return _("The NIR does not match the sex given (its first digit is ${digit}).",
                 mapping={"digit": nir[0]})
    if birth_date is not None:
        if nir[1:3] != "%02d" % (birth_date.year % 100):
            return _("The NIR does not match the year of birth (it says ${year}).",
                     mapping={"year": nir[1:3]})
        month = int(nir[3:5])
        # 20-42 and 50-99 stand for an unknown month: nothing to compare then.
        if 1 <= month <= 12 and month != birth_date.month:
            return _("The NIR does not match the month of birth (it says ${month}).",
                     mapping={"month": nir[3:5]})
    return None


def luhn_valid(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def check_rpps(value):
    """Return the normalised RPPS number or raise IdentityError with a precise message."""
    rpps = re.sub(r"\s", "", value or "")
    if not rpps:
        raise IdentityError(_("Enter the RPPS number: 11 digits."))
    if not rpps.isdigit():
        raise IdentityError(_("An RPPS number contains only digits."))
    if len(rpps) != RPPS_LENGTH:
        raise IdentityError(
            _("An RPPS number has 11 digits; you entered ${count}.", mapping={"count": len(rpps)})
        )
    if not luhn_valid(rpps):
        raise IdentityError(_("This RPPS number is not valid (its check digit is wrong)."))
    return rpps


def looks_like_rpps(value):
    return bool(re.fullmatch(r"\d{11}", re.sub(r"\s", "", value or "")))


def looks_like_nir(value):
    return len(normalise_nir(value)) == NIR_LENGTH and "@" not in (value or "")
