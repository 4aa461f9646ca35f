"""GPSummary: the structured "volet de synthèse médicale" (VSM) of a dossier."""
from persistent import Persistent
from substanced.content import content
from zope.interface import implementer

from ..clock import utcnow
from ..i18n import _
from ..workflows import summary_review
from .interfaces import IGPSummary

# The VSM sections, in the order a reader expects them (DESIGN §6).
SECTIONS = (
    ("pathologies", _("Current conditions")),
    ("antecedents", _("Medical and surgical history")),
    ("allergies", _("Allergies and intolerances")),
    ("risk_factors", _("Risk factors")),
    ("treatments", _("Current long-term treatments")),
    ("results", _("Results worth knowing")),
    ("vaccinations", _("Vaccinations")),
    ("vigilance", _("Points of vigilance")),
)
SECTION_NAMES = tuple(name for name, _label in SECTIONS)


@content("GP Summary", icon="glyphicon glyphicon-list-alt")
@implementer(IGPSummary)
class GPSummary(Persistent):
    """One version of a dossier's GP summary; sections are plain text."""

    history = ()  # the review history: workflows.base.record
    title = _("GP summary")

    @property
    def state(self):
        return summary_review.state_of(self)

    def __init__(self, sections, author_oid, author_name):
        self.created = utcnow()
        self.modified = self.created
        self.author_oid = author_oid
        self.author_name = author_name
        self.sections = {}
        self.update(sections)

    def update(self, sections):
        unknown = set(sections) - set(SECTION_NAMES)
        if unknown:
            raise ValueError("unknown summary sections: %s" % ", ".join(sorted(unknown)))
        # A new dict, so that ZODB sees the change.
        merged = dict(self.sections, **sections)
        self.sections = {name: (merged.get(name) or "").strip() for name in SECTION_NAMES}
        self.modified = utcnow()
