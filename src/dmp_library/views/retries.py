"""A retried request reads its body again, after a pause (DESIGN §11).

pyramid_retry replays a request after a ConflictError with the same WSGI environ, where WebOb
keeps the parsed form (``webob._parsed_post_vars``) whose uploaded files were read to their
end by the first attempt: the retry would see an empty file. Forgetting the parsed form makes
the next attempt parse the body again, from its start (pyramid_retry made it seekable), for
every path that reads one: forms, the JSON API and FHIR alike.
"""
import random
import time

from pyramid.events import subscriber
from pyramid_retry import IBeforeRetry

MAX_PAUSE_SECONDS = 2.0


@subscriber(IBeforeRetry)
def prepare_retry(event):
    event.environ.pop("webob._parsed_post_vars", None)
    # Writers who collided on one dossier would collide again if retried at once: each waits
    # a random time, growing with the attempts (exponential backoff with jitter).
    attempt = event.environ.get("retry.attempt", 0)
    time.sleep(random.uniform(0, min(MAX_PAUSE_SECONDS, 0.05 * 2 ** attempt)))  # noqa: S311
