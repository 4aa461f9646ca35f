"""Workflows of the content types, written as state x role -> permission tables."""


def includeme(config):
    pass
