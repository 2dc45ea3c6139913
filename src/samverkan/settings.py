"""Django settings for Samverkan.

Every environment variable is read here, once, with its type and default. Nothing
secret is stored in the repository: without SAMVERKAN_SECRET_KEY a random key is
generated once and kept in the data directory, so a fresh install just works.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; found {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; found {value}.")
    return value


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DATA_DIR = PACKAGE_DIR / "data"


def _default_home() -> Path:
    """`./var`, except inside the package of a source checkout (makemessages runs in src/samverkan):
    there the checkout's own `var/`, so a database or secret key never lands inside the package."""
    cwd = Path.cwd().resolve()
    if (cwd == PACKAGE_DIR or PACKAGE_DIR in cwd.parents) and PACKAGE_DIR.parent.name == "src":
        return PACKAGE_DIR.parent.parent / "var"
    return cwd / "var"


# The data directory holds the embedded database, generated secrets and caches.
SAMVERKAN_HOME = Path(os.environ.get("SAMVERKAN_HOME") or _default_home()).resolve()

DEBUG = _env_bool("SAMVERKAN_DEBUG", False)
PRODUCTION = _env_bool("SAMVERKAN_PRODUCTION", False)
if PRODUCTION and DEBUG:
    # Debug pages show settings, code and data to anyone who causes an error.
    raise ImproperlyConfigured(
        "SAMVERKAN_PRODUCTION=true and SAMVERKAN_DEBUG=true cannot be set together: "
        "debug pages must never be served in production. Unset SAMVERKAN_DEBUG."
    )
# The number of reverse proxies in front of the app servers, which append the client's address to
# X-Forwarded-For and set X-Forwarded-Proto. 0: the app is reached directly, both headers are ignored.
TRUSTED_PROXIES = _env_int("SAMVERKAN_TRUSTED_PROXIES", 0)


def _secret_key() -> str:
    from_env = os.environ.get("SAMVERKAN_SECRET_KEY")
    if from_env:
        return from_env
    if PRODUCTION:
        # Several app servers must share one key, so production never generates its own.
        raise ImproperlyConfigured("Set SAMVERKAN_SECRET_KEY: production settings need one shared secret key.")
    key_file = SAMVERKAN_HOME / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    SAMVERKAN_HOME.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _env_list("SAMVERKAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = _env_list("SAMVERKAN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "samverkan.core",
    "samverkan.notices",
    "samverkan.sources",
    "samverkan.places",
    "samverkan.emissions",
    "samverkan.targets",
    "samverkan.networks",
    "samverkan.actions",
    "samverkan.indicators",
    "samverkan.reporting",
    "samverkan.accounts",
    "samverkan.site",
    "simple_history",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samverkan.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "samverkan.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "samverkan.urls"
WSGI_APPLICATION = "samverkan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samverkan.core.context_processors.site",
            ],
        },
    },
]

# Database: the embedded SQLite file under SAMVERKAN_HOME unless DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SAMVERKAN_HOME / "samverkan.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: rendered charts are shared by all app-server processes on a host through the
# file cache; set SAMVERKAN_CACHE_URL=redis://... to share them across hosts.
CACHE_URL = os.environ.get("SAMVERKAN_CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": SAMVERKAN_HOME / "cache",
            "TIMEOUT": 60 * 60 * 24 * 30,
        }
    }

# Accounts: people sign in with their e-mail address; passwords are hashed with Argon2.
AUTHENTICATION_BACKENDS = ["samverkan.accounts.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # reads hashes made before Argon2 was chosen
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "site:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day
INVITATION_DAYS = int(os.environ.get("SAMVERKAN_INVITATION_DAYS", "14"))
# Failed sign-ins (see accounts/throttle.py): per client address, at most so many in the window, then
# refused until it ends; per account, after so many failures from any address, each address that fails
# for it waits before its next try, the wait doubling from the first delay up to the longest.
SIGN_IN_LIMIT_PER_ADDRESS = _env_int("SAMVERKAN_SIGN_IN_LIMIT_PER_ADDRESS", 30, minimum=1)
SIGN_IN_WINDOW_SECONDS = _env_int("SAMVERKAN_SIGN_IN_WINDOW_SECONDS", 15 * 60, minimum=1)
SIGN_IN_FAILURES_BEFORE_DELAY = _env_int("SAMVERKAN_SIGN_IN_FAILURES_BEFORE_DELAY", 5, minimum=1)
SIGN_IN_DELAY_SECONDS = _env_int("SAMVERKAN_SIGN_IN_DELAY_SECONDS", 60, minimum=1)
SIGN_IN_MAX_DELAY_SECONDS = _env_int("SAMVERKAN_SIGN_IN_MAX_DELAY_SECONDS", 60 * 60, minimum=1)
# Password-reset e-mails: at most so many per recipient and per client address in the window.
PASSWORD_RESET_LIMIT_PER_RECIPIENT = _env_int("SAMVERKAN_PASSWORD_RESET_LIMIT_PER_RECIPIENT", 3)
PASSWORD_RESET_LIMIT_PER_ADDRESS = _env_int("SAMVERKAN_PASSWORD_RESET_LIMIT_PER_ADDRESS", 10)
PASSWORD_RESET_WINDOW_SECONDS = _env_int("SAMVERKAN_PASSWORD_RESET_WINDOW_SECONDS", 60 * 60, minimum=1)

# E-mail: printed to the console unless configured; "file" writes each message to
# SAMVERKAN_EMAIL_DIR (default SAMVERKAN_HOME/mail); "smtp" sends through SAMVERKAN_SMTP_HOST.
EMAIL_MODE = os.environ.get("SAMVERKAN_EMAIL", "console")
if EMAIL_MODE == "smtp":
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("SAMVERKAN_SMTP_HOST", "localhost"),
            "port": int(os.environ.get("SAMVERKAN_SMTP_PORT", "587")),
            "username": os.environ.get("SAMVERKAN_SMTP_USER", ""),
            "password": os.environ.get("SAMVERKAN_SMTP_PASSWORD", ""),
            "use_tls": _env_bool("SAMVERKAN_SMTP_TLS", True),
        },
    }
elif EMAIL_MODE == "file":
    _mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": os.environ.get("SAMVERKAN_EMAIL_DIR") or str(SAMVERKAN_HOME / "mail")},
    }
else:
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = os.environ.get("SAMVERKAN_FROM_EMAIL", "Samverkan <noreply@samverkan.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The site's own address, for links in e-mail (sent by the worker, outside any request).
SITE_URL = os.environ.get("SAMVERKAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The task queue (Django's `django.tasks`): e-mail and the daily jobs run in a worker, never in a request.
# "database" (default): the tasks wait in this database (django-tasks-db) and `samverkan serve` starts one
# worker beside the web workers; in production run `samverkan worker` (one or more) beside the app servers.
# "immediate": each task runs at once in the process that enqueues it (no worker; for trying things out).
TASKS_MODE = os.environ.get("SAMVERKAN_TASKS", "database")
if TASKS_MODE == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_MODE == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(f"SAMVERKAN_TASKS must be database or immediate; found {TASKS_MODE!r}.")
# Notices (notices app): a failed send is tried again after NOTICE_RETRY_SECONDS, at most NOTICE_MAX_ATTEMPTS
# times; a claim older than NOTICE_CLAIM_SECONDS is taken as a crashed worker's; the text of a sent notice is
# deleted after NOTICE_KEEP_DAYS. The daily jobs start at DAILY_HOUR (local time), once a day for all workers.
NOTICE_RETRY_SECONDS = _env_int("SAMVERKAN_NOTICE_RETRY_SECONDS", 300)
NOTICE_MAX_ATTEMPTS = _env_int("SAMVERKAN_NOTICE_MAX_ATTEMPTS", 5, minimum=1)
NOTICE_CLAIM_SECONDS = _env_int("SAMVERKAN_NOTICE_CLAIM_SECONDS", 15 * 60, minimum=1)
NOTICE_KEEP_DAYS = _env_int("SAMVERKAN_NOTICE_KEEP_DAYS", 30)
DAILY_HOUR = _env_int("SAMVERKAN_DAILY_HOUR", 6)
if DAILY_HOUR > 23:
    raise ImproperlyConfigured(f"SAMVERKAN_DAILY_HOUR must be an hour from 0 to 23; found {DAILY_HOUR}.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Swedish first, English complete.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "samverkan_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
# Static files are served by WhiteNoise straight from the installed packages; set
# SAMVERKAN_STATIC_ROOT and run `samverkan collectstatic` to serve them from a web server.
STATIC_ROOT = os.environ.get("SAMVERKAN_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Security headers. A Content-Security-Policy with no inline script and no eval: charts
# are rendered to SVG on the server, and the little JavaScript we use is a static file.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("SAMVERKAN_SSL_REDIRECT", True)
    if SECURE_SSL_REDIRECT and not TRUSTED_PROXIES:
        # Behind a TLS proxy the app sees plain HTTP; without a trusted proxy it cannot believe
        # X-Forwarded-Proto, so it would redirect every request to HTTPS again, forever.
        raise ImproperlyConfigured(
            "SAMVERKAN_PRODUCTION=true redirects to HTTPS (SAMVERKAN_SSL_REDIRECT), but "
            "SAMVERKAN_TRUSTED_PROXIES is 0, so the app cannot tell that a request came over HTTPS "
            "and would redirect forever. Set SAMVERKAN_TRUSTED_PROXIES to the number of reverse proxies "
            "in front of the app servers (usually 1), or SAMVERKAN_SSL_REDIRECT=false if the proxy "
            "redirects to HTTPS itself."
        )
    SECURE_HSTS_SECONDS = int(os.environ.get("SAMVERKAN_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if TRUSTED_PROXIES:
    # Only a trusted proxy says whether the client used HTTPS; without one, a client could claim it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAMVERKAN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Every list in the API pages the same way: limit and offset, at most 500 a page (api/pagination.py).
NINJA_PAGINATION_CLASS = "samverkan.api.pagination.LimitOffset"
