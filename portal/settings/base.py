"""Settings shared by every environment. Values come from the environment;
with none set, the portal runs on an embedded SQLite database and runs
Celery work in-process."""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_patterns, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-local-key-never-used-in-production")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",  # API tokens, issued by superusers in the admin
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets served locally, no CDN
    "import_export",
    "axes",
    "auditlog",
    "csp",
    # Before "portal", so the portal's admin can replace otp_totp's device
    # admin (which shows the secret keys) with its own delete-only one.
    "django_otp",
    "django_otp.plugins.otp_totp",
]
LOCAL_APPS = [
    "portal",
    "cells",
    "meetings",
    "awards",
    "ratings",
    "members",
    "fees",
    "transfers",
    "portal.api",  # the API's token admin and its translations of DRF's messages
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after SecurityMiddleware, so the lockout page (axes) gets it too.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.language.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.sessions.SessionLifetimeMiddleware",
    # Puts the signed-in user and their address on every audit entry.
    "portal.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers requests of locked-out clients.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


# --- Database -------------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every transaction takes SQLite's write lock when it begins, so the
    # check and the write of one transaction (a post's one seat, an import
    # claimed once) run one request after another; a request that finds the
    # lock taken waits for it, up to `timeout` seconds, instead of failing
    # with "database is locked" when it would upgrade a read to a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=env_int("SQLITE_TIMEOUT_SECONDS", 20)
    )

# --- Accounts, sign-in and lockout ----------------------------------------------
AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "admin:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out sign-ins (portal/lockout.py)
    "django.contrib.auth.backends.ModelBackend",
]
# Client addresses, for the lockout and the audit trail alike (one function,
# core.audit.client_address): the number of proxies in front of the portal,
# each of which appends the address it received the request from to
# X-Forwarded-For. 0 (`make run`, gunicorn facing the clients): the header is
# ignored and the connection's peer counts, since any client can send it.
PORTAL_TRUSTED_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0, minimum=0)

# Lockout (django-axes, portal/lockout.py), for 30 minutes, a success resetting
# the count: 5 failures of one username from one address lock that username
# at that address only, so a shared address (an office, the proxy) never locks
# out the others behind it; 20 failures of one username from any addresses
# lock the account everywhere (guessing from many addresses).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
PORTAL_ACCOUNT_FAILURE_LIMIT = env_int("PORTAL_ACCOUNT_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "portal.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "core.audit.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.lockout.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Optional two-factor sign-in for staff (django-otp TOTP).
# The name authenticator apps show next to the code.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Cổng chi bộ")
# Wrong codes count towards the django-axes lockout like wrong passwords (one
# rule for both); django-otp's own growing delay between tries would only
# refuse a right code typed soon after a wrong one.
OTP_TOTP_THROTTLE_FACTOR = 0

# --- Sessions -------------------------------------------------------------------
# Sessions end after 30 idle minutes (renewed at most once a minute as the
# user works) and at the latest 8 hours after signing in (portal/sessions.py).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_REFRESH_SECONDS = 60
SESSION_ABSOLUTE_AGE = env_int("SESSION_ABSOLUTE_SECONDS", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True


# --- Audit trail ----------------------------------------------------------------
# Audit trail (django-auditlog, see core/audit.py): JSON old/new values.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = False


# --- Language, dates and time ---------------------------------------------------
# Vietnamese first, English second; dates dd/mm/yyyy (see portal/formats).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True


# --- Static and stored files ----------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored files (award exports, reports, meeting attachments) name party
# members: they live in PORTAL_FILES_ROOT, outside every served folder, and
# reach a user only through the download view that checks scope
# (core/files.py). Nothing is served under a media URL, in any setting.
# MEDIA_ROOT only tells migrations where files stored before were.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
PORTAL_FILES_ROOT = Path(
    env_str("PORTAL_FILES_ROOT", str(MEDIA_ROOT.with_name(f"{MEDIA_ROOT.name}-private")))
)
if any(
    PORTAL_FILES_ROOT.resolve().is_relative_to(served.resolve())
    for served in (MEDIA_ROOT, STATIC_ROOT)
):
    raise ImproperlyConfigured("PORTAL_FILES_ROOT must lie outside MEDIA_ROOT and STATIC_ROOT.")
# Behind nginx: the prefix of an `internal` location aliased to
# PORTAL_FILES_ROOT (e.g. "/protected/"); behind Apache with mod_xsendfile:
# PORTAL_FILE_SENDFILE=1. The proxy then sends the file the view allowed.
PORTAL_FILE_ACCEL_REDIRECT = env_str("PORTAL_FILE_ACCEL_REDIRECT")
PORTAL_FILE_SENDFILE = env_bool("PORTAL_FILE_SENDFILE", False)
STORAGES = {
    "default": {"BACKEND": "core.files.PrivateFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


# --- Celery ---------------------------------------------------------------------
# Celery: with no broker configured, tasks run in-process so `make run`
# needs no Redis; CELERY_BROKER_URL switches to the real broker.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60


# --- Imports and exports --------------------------------------------------------
# import-export writes the admin list exports only (imports: cells/imports/).
# Exporting a list needs the role's view permission (portal/roles.py); its
# resources keep formulas out (cells/resources.py), more strictly than
# IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT, which only strips a leading "=".
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Uploads: a workbook larger than this is refused before it is parsed.
PORTAL_MAX_UPLOAD_BYTES = env_int("PORTAL_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
PORTAL_MAX_IMPORT_ROWS = env_int("PORTAL_MAX_IMPORT_ROWS", 20_000)


# --- REST API (portal/api/settings.py) ------------------------------------------
from portal.api.settings import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: E402, F401

# --- Content-Security-Policy (django-csp) ---------------------------------------
# Sent in every environment, so tests and `make run` show a violation as soon
# as a page breaks the policy, not first in production. The portal's pages use
# no inline script or style: scripts and styles come from our own static files.
SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Swagger UI's stylesheet (/api/docs/) draws its icons as data: images.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}


# --- Meeting rules --------------------------------------------------------------
# Thresholds of the meeting checks, read only through meetings.compliance.rules()
# (defaults in meetings/constants.py follow current central guidance).
PORTAL_MEETING_RULES = {
    "min_regular_minutes": 90,  # a regular meeting lasts at least this
    "min_combined_minutes": 120,  # a regular + thematic meeting held together
    "papers_days_ahead": 1,  # papers reach members at least this many days before
    "min_attendance_share": 0.5,  # a meeting with fewer members present is flagged
}


# --- Data quality (cells/quality.py) -------------------------------------------
# Party card numbers the register accepts: a number matching none of these is
# listed by the data-quality report. Old party cards: 8 digits; số lý lịch:
# 6 digits and 1-3 capital letters of the province committee. The chip cards
# of 2025 have no published format yet: add theirs in the environment
# (PORTAL_PARTY_CARD_PATTERNS, patterns separated by spaces, replacing these).
# The database matches them (PostgreSQL's ~, Python's re on SQLite): keep to
# what both read alike: ^ $ [0-9] [A-Z] {m,n}.
PORTAL_PARTY_CARD_PATTERNS = env_patterns(
    "PORTAL_PARTY_CARD_PATTERNS", [r"^[0-9]{8}$", r"^[0-9]{6}[A-ZĐ]{1,3}$"]
)


# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
