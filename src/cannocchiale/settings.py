"""Settings, read from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext

from cannocchiale.core.logging import logging_config

# Lets the admin and other generic classes be subscripted at run time, as the type checker wants them.
django_stubs_ext.monkeypatch()


def env_str(name: str, default: str = "") -> str:
    """A string setting; `NAME_FILE` (a path) wins, so secrets can come from files."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


VAR_DIR = Path(env_str("CANNOCCHIALE_VAR_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("CANNOCCHIALE_DEBUG", False)
# Without a configured secret, fall back to one generated for this installation and kept under var/;
# never a secret committed to the repository.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    from cannocchiale.core.secret import local_secret_key

    SECRET_KEY = local_secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    # Before the theme, so that its placeholder error pages (404.html, 500.html) give way to ours.
    "cannocchiale.web",
    "bootstrap_italia_template",
    "cannocchiale.core",
    "cannocchiale.accounts",
    "cannocchiale.organization",
    "cannocchiale.planning",
    "cannocchiale.monitoring",
    "cannocchiale.evaluation",
    "cannocchiale.health",
    "cannocchiale.audit",
    "cannocchiale.territory",
    "cannocchiale.reports",
    "cannocchiale.oversight",
    "cannocchiale.simulation",
]

MIDDLEWARE = [
    # First: every log record of the request, and its error page, carry the request's id.
    "cannocchiale.core.request_id.request_id",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cannocchiale.core.middleware.italian_first",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Names the signed-in user as the author of changes recorded by model signals (roles).
    "cannocchiale.audit.middleware.audit_actor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection: five wrong passwords for one username from one address lock it for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "cannocchiale.urls"
WSGI_APPLICATION = "cannocchiale.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cannocchiale.web.context.simulated_notice",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'cannocchiale.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered albero and sheet bodies (web/views/tree.py, `cached_body`). One process's memory by default;
# with several processes or servers set CANNOCCHIALE_REDIS_URL so they share it (docs/scaling.md).
REDIS_URL = env_str("CANNOCCHIALE_REDIS_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "it"
LANGUAGES = [("it", "Italiano"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# Reminders go through Django's mail framework; the console backend (the demo's) prints them.
MAILERS = {"default": {"BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cannocchiale@localhost")

SESSION_COOKIE_HTTPONLY = True
# With a shared Redis, sessions are read from it and written through to the database: one query
# less on every page. Without it, from the database only (a process's own memory would let one
# server read a session another has changed).
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if REDIS_URL else 'db'}"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SECURE = env_bool("CANNOCCHIALE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# One JSON line per record on stderr, each with its request's id; every unhandled error with its
# traceback. CANNOCCHIALE_LOG_LEVEL sets the project's own level (INFO unless told).
LOGGING = logging_config(env_str("CANNOCCHIALE_LOG_LEVEL", "INFO"))
