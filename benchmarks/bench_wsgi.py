"""The WSGI application the page benchmark serves: the project's, with its static files in front.

Static files go through Django's own handler on the same server and worker processes, so that
the floor (a static file) and the pages share everything but the view: sockets, workers, the
WSGI stack. The installation serves no static files itself (a front server does in production).
"""

from __future__ import annotations

from django.contrib.staticfiles.handlers import StaticFilesHandler

from cannocchiale.wsgi import application as project_application

application = StaticFilesHandler(project_application)
