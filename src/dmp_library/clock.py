"""Time in one place: aware UTC datetimes everywhere, converted for display only."""
import datetime


def utcnow():
    return datetime.datetime.now(datetime.UTC)
