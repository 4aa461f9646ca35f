"""Workflows of the content types, written as state x role -> permission tables."""
from ..resources.interfaces import IMedicalDocument
from . import document_lifecycle, summary_review


def workflow_for(item):
    """The workflow module of a document or GP summary."""
    return document_lifecycle if IMedicalDocument.providedBy(item) else summary_review


def includeme(config):
    config.add_workflow(document_lifecycle.WORKFLOW, ("Medical Document",))
    config.add_workflow(summary_review.WORKFLOW, ("GP Summary",))
    config.include(".worklists")
    config.scan()
