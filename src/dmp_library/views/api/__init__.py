"""The JSON API for doctors' software and patients' apps: /api/v1, Bearer token or session.

Every answer goes through the same ACLs and the same listing functions as the web pages.
Documents and GP summaries share the ``/documents/{id}`` URLs (ids are oids).
"""
from .resources import dossier_factory, item_factory

API_PREFIX = "/api/v1"


def includeme(config):
    dossier = API_PREFIX + "/dossiers/{id}"
    item = API_PREFIX + "/documents/{id}"
    for name, pattern, factory in (
        ("api_dossier", dossier, dossier_factory),
        ("api_dossier_documents", dossier + "/documents", dossier_factory),
        ("api_dossier_summaries", dossier + "/summaries", dossier_factory),
        ("api_dossier_summary", dossier + "/summary", dossier_factory),
        ("api_document", item, item_factory),
        ("api_document_file", item + "/file", item_factory),
        ("api_item_workflow", item + "/workflow", item_factory),
        ("api_item_transition", item + "/workflow/{transition}", item_factory),
        ("api_item_visibility", item + "/visibility", item_factory),
        ("api_dossier_journal", dossier + "/journal", dossier_factory),
        ("api_dossier_consents", dossier + "/consents", dossier_factory),
        ("api_dossier_settings", dossier + "/settings", dossier_factory),
        ("api_dossier_emergency", dossier + "/emergency", dossier_factory),
        ("api_dossier_search", dossier + "/search", dossier_factory),
    ):
        config.add_route(name, pattern, factory=factory)
    for kind in ("grants", "blocks", "medecins-traitants"):
        config.add_route("api_dossier_" + kind, dossier + "/" + kind, factory=dossier_factory)
        config.add_route("api_dossier_" + kind + "_one", dossier + "/" + kind + "/{rpps}",
                         factory=dossier_factory)
    config.include(".access")
