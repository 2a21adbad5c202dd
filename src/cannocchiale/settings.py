"""Settings, read from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from cannocchiale.core.csp import theme_script_hashes
from cannocchiale.core.logging import logging_config

# Lets the admin and other generic classes be subscripted at run time, as the type checker wants them.
django_stubs_ext.monkeypatch()


def env_str(name: str, default: str = "") -> str:
    """A string setting; `NAME_FILE` (a path) wins, so secrets can come from files."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting; anything but the usual spellings stops the start, so that a typo
    ("ture") is never read as "off" and a protection is never left down without a word."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/true/yes/on or 0/false/no/off, not {value!r}")


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One of a few words; an unknown one stops the start."""
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ValueError(f"{name} deve essere un numero intero, non {value!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


VAR_DIR = Path(env_str("CANNOCCHIALE_VAR_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("CANNOCCHIALE_DEBUG", False)
# The production preset (see "Production" below): HTTPS protections on, mail through SMTP.
PRODUCTION = env_bool("CANNOCCHIALE_PRODUCTION", False)
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
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "cannocchiale.core.middleware.permissions_policy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cannocchiale.core.middleware.italian_first",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cannocchiale.core.middleware.no_store_when_signed_in",
    "cannocchiale.core.middleware.session_kept_alive",
    # Names the signed-in user as the author of changes recorded by model signals (roles).
    "cannocchiale.audit.middleware.audit_actor",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The domain's refusals, mapped once to 403/404/409/422 with their message (page or htmx).
    "cannocchiale.core.error_mapping.domain_errors",
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
# Attempts counted by the username as Django limits it (a longer one would not fit axes's column).
AXES_USERNAME_CALLABLE = "cannocchiale.accounts.signals.lockout_username"
# Behind a proxy the address is the one the trusted proxies report (core/client_ip.py), not the
# proxy's own: otherwise every user behind it would be locked out together.
AXES_CLIENT_IP_CALLABLE = "cannocchiale.core.client_ip.client_ip"

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
                "django.template.context_processors.csp",
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

# Reminders go through Django's mail framework; the console backend (the demo's) prints them, the
# production preset sends them through SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD).
_SMTP = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND_NAME = env_str(
    "EMAIL_BACKEND", _SMTP if PRODUCTION else "django.core.mail.backends.console.EmailBackend"
)
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": EMAIL_BACKEND_NAME}}
if EMAIL_BACKEND_NAME == _SMTP:
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cannocchiale@localhost")

# Where documents are produced (reports/worker.py): "thread" in the web process, "external" by
# `cannocchiale report worker`; "inline" in the request itself, for tests.
CANNOCCHIALE_DOCUMENT_WORKER = env_choice(
    "CANNOCCHIALE_DOCUMENT_WORKER", ("thread", "external", "inline"), "thread"
)

SESSION_COOKIE_HTTPONLY = True
# Idle timeout: a session unused for this long ends (sliding: core/middleware.py, session_kept_alive).
SESSION_COOKIE_AGE = env_int("CANNOCCHIALE_SESSION_IDLE_MINUTES", 30) * 60
SESSION_REFRESH_SECONDS = min(60, max(1, SESSION_COOKIE_AGE // 10))
# With a shared Redis, sessions are read from it and written through to the database: one query
# less on every page. Without it, from the database only (a process's own memory would let one
# server read a session another has changed).
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if REDIS_URL else 'db'}"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

# --- Production: HTTPS and the browser's protections -------------------------------------------------
# CANNOCCHIALE_PRODUCTION=1 turns them all on (and `check --deploy` then reports nothing); each can also
# be set on its own. The demo and development run on plain HTTP, where they stay off.
SESSION_COOKIE_SECURE = env_bool("CANNOCCHIALE_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("CANNOCCHIALE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("CANNOCCHIALE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CANNOCCHIALE_HSTS_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("CANNOCCHIALE_HSTS_PRELOAD", PRODUCTION)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies in front of the application: each appends to X-Forwarded-For and sets
# X-Forwarded-Proto. Trusted only when there are some: a client could write those headers itself.
TRUSTED_PROXY_COUNT = env_int("CANNOCCHIALE_TRUSTED_PROXIES", 0)
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (Django's own): scripts only from the site, inline ones with the page's
# nonce or, for the theme's two, their hash; no plug-ins, no framing, forms only to the site.
# Styles allow inline: the theme's script injects its font faces as a <style>, and style attributes
# carry chart and progress-bar sizes; styles cannot run code. CANNOCCHIALE_CSP: enforce, report-only, off.
_STATIC_PREFIX = STATIC_URL if STATIC_URL.startswith(("/", "http")) else f"/{STATIC_URL}"
CONTENT_SECURITY_POLICY = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, *theme_script_hashes(_STATIC_PREFIX)],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
CSP_MODE = env_str("CANNOCCHIALE_CSP", "enforce").strip().lower()
if CSP_MODE not in {"enforce", "report-only", "off"}:
    raise ValueError(f"CANNOCCHIALE_CSP deve essere enforce, report-only oppure off, non {CSP_MODE!r}")
SECURE_CSP = CONTENT_SECURITY_POLICY if CSP_MODE == "enforce" else {}
SECURE_CSP_REPORT_ONLY = CONTENT_SECURITY_POLICY if CSP_MODE == "report-only" else {}
PERMISSIONS_POLICY = env_str(
    "CANNOCCHIALE_PERMISSIONS_POLICY",
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()",
)

# One JSON line per record on stderr, each with its request's id; every unhandled error with its
# traceback. CANNOCCHIALE_LOG_LEVEL sets the project's own level (INFO unless told).
LOGGING = logging_config(env_str("CANNOCCHIALE_LOG_LEVEL", "INFO"))
