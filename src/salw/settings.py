"""Settings: defaults in code, deployment values from SALW_* environment variables.

Nothing needs to be set for a local run: the database is SQLite under var/, a secret key is made
once and kept in var/secret_key. Production sets at least SALW_DATABASE_URL, SALW_SECRET_KEY and
SALW_ALLOWED_HOSTS (see README).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("SALW_HOME", SRC_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("SALW_VAR_DIR", PROJECT_DIR / "var"))


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _secret_key() -> str:
    """The key from SALW_SECRET_KEY, else one made on first use and kept in var/."""
    if key := os.environ.get("SALW_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_flag("SALW_DEBUG", False)
# SALW_DEMO allows the demo personas and prints their passwords; never on in production.
DEMO = env_flag("SALW_DEMO", False)
ALLOWED_HOSTS = env_list("SALW_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("SALW_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "salw.portal.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before drf_spectacular: its API docs page is overridden to satisfy the CSP.
    "salw.api",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "csp",
    "salw.core",
    "salw.states",
    "salw.accounts",
    "salw.registry",
    "salw.reporting",
    "salw.tracing",
    "salw.portal",
    "django.forms",  # after ours: widget templates of salw.portal override Django's
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "salw.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "salw.accounts.middleware.UserLanguageMiddleware",
    "salw.core.middleware.ActorMiddleware",
    "salw.portal.errors.ErrorPageMiddleware",
    "salw.core.middleware.NulInAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the final response of a login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "salw.urls"
WSGI_APPLICATION = "salw.wsgi.application"

# Form widgets are rendered from the templates above, so that the site may refine them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
                "salw.portal.context_processors.site",
            ],
            # `|ltr` keeps serials, record numbers and codes in their order in Arabic pages.
            "builtins": ["salw.markings.templatetags.marks"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("SALW_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'salw.sqlite3'}",
        conn_max_age=int(os.environ.get("SALW_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a long import writes; busy timeout instead of "database locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # No JIT compilation: the planner cannot know how wide the match engine's key ranges are,
    # costs its sub-millisecond probes as large, and would spend 100 ms compiling each one. The
    # short queries of a web application never gain from JIT.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if test_name := os.environ.get("SALW_TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": test_name}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend refuses a locked-out login before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Login throttling: five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("SALW_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("SALW_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Cookies and transport. SALW_HTTPS=0 only for a local run over plain HTTP (make run).
HTTPS = env_flag("SALW_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS and not DEBUG:
    SECURE_HSTS_SECONDS = int(os.environ.get("SALW_HSTS_SECONDS", "31536000"))
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere, and nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [SRC_DIR / "locale"]
# Formats Django lacks for a language (Arabic date-times): salw/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["salw.formats"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "UTC"
USE_TZ = True

# Uploads (images of marks, ...) are served by views that check permission, never directly.
MEDIA_ROOT = Path(os.environ.get("SALW_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("SALW_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# The address people use to reach the site, for links in e-mails.
SITE_URL = os.environ.get("SALW_SITE_URL", "http://127.0.0.1:8000")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

EMAIL_BACKEND = os.environ.get(
    "SALW_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("SALW_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SALW_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SALW_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SALW_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("SALW_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("SALW_EMAIL_FROM", "salw@localhost")

# History checkpoints (`salw verify-history`, docs/architecture.md): signed with the installation's
# Ed25519 key, given as PEM or base64 in SALW_HISTORY_KEY or kept in a file made on first use;
# each verification writes one to SALW_HISTORY_CHECKPOINT_DIR and mails it to the addresses in
# SALW_HISTORY_CHECKPOINT_EMAIL (comma-separated), so that a copy lives outside the machine.
HISTORY_KEY = os.environ.get("SALW_HISTORY_KEY", "")
HISTORY_KEY_FILE = Path(os.environ.get("SALW_HISTORY_KEY_FILE", VAR_DIR / "history_key.pem"))
HISTORY_CHECKPOINT_DIR = Path(
    os.environ.get("SALW_HISTORY_CHECKPOINT_DIR", VAR_DIR / "history-checkpoints")
)
HISTORY_CHECKPOINT_EMAIL = env_list("SALW_HISTORY_CHECKPOINT_EMAIL", [])

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "salw.api.authentication.ActorTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "salw.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "salw.api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "salw API",
    "DESCRIPTION": (
        "Small arms and light weapons control: States, accounts and, as they land, national "
        "reports, the weapons registry and tracing. Authenticate with `Authorization: Token <key>`."
    ),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "salw.api.schema.drop_database_integer_bounds",
        "salw.api.schema.allow_empty_query_values",
    ],
    # One schema name per choice set that several serializers share under the same field name.
    "ENUM_NAME_OVERRIDES": {
        "YesNoDevelopingEnum": "salw.states.choices.YesNoDeveloping",
        "ComponentKindEnum": "salw.registry.choices.ComponentKind",
        "MarkingKindEnum": "salw.registry.choices.MarkingKind",
        "WeaponStatusEnum": "salw.registry.choices.WeaponStatus",
        "QuestionKindEnum": "salw.reporting.choices.QuestionKind",
        "MeetingKindEnum": "salw.reporting.choices.MeetingKind",
        "ReportStatusEnum": "salw.reporting.choices.ReportStatus",
        "StateStatusEnum": "salw.states.models.StateStatus",
        "RecordableEventKindEnum": "salw.registry.api.serializers.RECORDABLE_EVENTS",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "salw.core.log_filters.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {name: {"filters": ["refusals"]} for name in ("django.request", "django.security")},
    "root": {"handlers": ["console"], "level": os.environ.get("SALW_LOG_LEVEL", "WARNING")},
}
