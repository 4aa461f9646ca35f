"""The JSON API for doctors' software and patients' apps: /api/v1, Bearer token or session.

Every answer goes through the same ACLs and the same listing functions as the web pages.
"""
from .resources import document_factory, dossier_factory

API_PREFIX = "/api/v1"


def includeme(config):
    config.add_route("api_dossier", API_PREFIX + "/dossiers/{id}", factory=dossier_factory)
    config.add_route("api_dossier_documents", API_PREFIX + "/dossiers/{id}/documents",
                     factory=dossier_factory)
    config.add_route("api_document", API_PREFIX + "/documents/{id}", factory=document_factory)
    config.add_route("api_document_file", API_PREFIX + "/documents/{id}/file",
                     factory=document_factory)
