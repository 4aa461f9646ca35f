"""Translation: one domain, French by default, English available.

The language is, in order: the one the user chose (remembered in a cookie and on the account),
then the browser's Accept-Language, then French.
"""
from pyramid.i18n import TranslationStringFactory

_ = TranslationStringFactory("dmp_library")

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LANGUAGE_COOKIE = "dmp_lang"


def negotiate_locale(request):
    """Pyramid locale negotiator (see module docstring for the order)."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    user = getattr(request, "user", None)
    preferred = getattr(user, "dmp_language", None)
    if preferred in LANGUAGES:
        return preferred
    if request.accept_language:
        match = request.accept_language.lookup(LANGUAGES, default=DEFAULT_LANGUAGE)
        if match in LANGUAGES:
            return match
    return DEFAULT_LANGUAGE


def includeme(config):
    config.set_locale_negotiator(negotiate_locale)
    config.add_translation_dirs("dmp_library:locale/")
