"""Text helpers shared by sorting and searching people and titles."""
import unicodedata


def folded(text):
    """Case- and accent-insensitive form of ``text`` (É compares with e)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
