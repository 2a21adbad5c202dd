"""The WSGI application the page benchmark serves: the project's, with its static files in front.

Static files go through Django's own handler on the same server and worker processes, so that
the floor (a static file) and the pages share everything but the view: sockets, workers, the
WSGI stack. The installation serves no static files itself (a front server does in production).
"""

from __future__ import annotations

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.urls import get_resolver

from cannocchiale.wsgi import application as project_application

# Every view imported before gunicorn forks (it preloads this module): otherwise each worker
# imports them at its first request (WeasyPrint's libraries among them), which on a busy machine
# can outlast the worker timeout and turn that request into a 500 the pages never cause.
get_resolver().url_patterns  # noqa: B018  (read for its import side effect)

application = StaticFilesHandler(project_application)
