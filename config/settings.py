"""Settings of the justice-sector system: one module, deploy-time values from the environment.

Variables: DEBUG, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, DATABASE_URL, SQLITE_PATH,
MEDIA_ROOT, SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_PROXY_SSL_HEADER,
SESSION_COOKIE_AGE, TRUSTED_PROXY_COUNT, ANONYMOUS_MAX_BODY_BYTES, EMAIL_BACKEND,
DEFAULT_FROM_EMAIL, LOG_LEVEL, DB_STATEMENT_TIMEOUT_MS, FILE_STORAGE_BACKEND,
FILE_STORAGE_OPTIONS, DATABASE_REPLICA_URL, DATABASE_REPLICA_MAX_LAG_SECONDS. See README.md
("Production").
"""

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_json, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("Environment variable SECRET_KEY must be set when DEBUG is off.")
    # A fixed key is acceptable only for a developer's own machine.
    SECRET_KEY = "development-only-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Environment variable ALLOWED_HOSTS must list the site's host names when DEBUG is off."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"Environment variable CSRF_TRUSTED_ORIGINS must hold origins with a scheme "
            f"(https://example.gov.vn); got {_origin!r}."
        )

INSTALLED_APPS = [
    "organizations",
    "enforcement",
    "emulation",
    "commendations",
    "organizations.admin_site.JusticeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database lost mid-request answers 503 "try again", not the generic error page.
    "organizations.middleware.DatabaseUnavailableMiddleware",
    # Inside it, so that a statement cut at the timeout answers its "took too long" page.
    "organizations.middleware.StatementTimeoutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "organizations.middleware.ChosenLanguageMiddleware",
    # After the language is chosen, so that the refusal page speaks the user's language.
    "organizations.middleware.NullCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body: visitors not signed in send small bodies only.
    "organizations.middleware.AnonymousBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organizations.context_processors.notifications",
            ],
        },
    },
]

# SQLite is the embedded default; PostgreSQL (psycopg 3) when DATABASE_URL is set.
_database_url = env_str("DATABASE_URL")
if _database_url:
    try:
        # Kept connections are checked before each request reuses them: a database restarted
        # between two requests costs a reconnection, not an error page.
        DATABASES = {
            "default": dj_database_url.parse(
                _database_url, conn_max_age=60, conn_health_checks=True
            )
        }
    except ValueError as error:
        raise ImproperlyConfigured(
            f"Environment variable DATABASE_URL is not a valid database URL: {error}"
        ) from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A PostgreSQL streaming replica the statistics reports and their spreadsheets read from
# (organizations.replica); writes, the admin and every other page use the primary. A replica
# that is down, or whose replay lags more than the limit, is passed over for the primary.
_replica_url = env_str("DATABASE_REPLICA_URL")
if _replica_url:
    if not _database_url:
        raise ImproperlyConfigured(
            "Environment variable DATABASE_REPLICA_URL needs DATABASE_URL (the primary) too."
        )
    try:
        DATABASES["replica"] = dj_database_url.parse(
            _replica_url, conn_max_age=60, conn_health_checks=True
        )
    except ValueError as error:
        raise ImproperlyConfigured(
            f"Environment variable DATABASE_REPLICA_URL is not a valid database URL: {error}"
        ) from None
    # The test database of the replica is the primary's, as the replica holds its copy.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# PostgreSQL compiles a query to machine code (JIT) when its estimated cost is high; for the
# short queries of this application the compilation is the cost: 29 ms of a 155 ms debtor
# search over ten million cases, 12 ms of a page query estimated far above what it reads.
# The statistics' long queries never gained from it either (enforcement.selectors.counting).
for _database in DATABASES.values():
    if _database["ENGINE"].endswith("postgresql"):
        _options = _database.setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DATABASE_ROUTERS = ["organizations.replica.ReplicaRouter"]
DATABASE_REPLICA_MAX_LAG_SECONDS = env_int("DATABASE_REPLICA_MAX_LAG_SECONDS", 10)
if DATABASE_REPLICA_MAX_LAG_SECONDS < 0:
    raise ImproperlyConfigured(
        "Environment variable DATABASE_REPLICA_MAX_LAG_SECONDS must be 0 or more; got "
        f"{DATABASE_REPLICA_MAX_LAG_SECONDS}."
    )

# Statement timeout of web requests on PostgreSQL (organizations.middleware): no search or
# filter holds a connection longer than this. The background worker and management commands
# run outside requests and keep no limit; 0 turns it off.
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 5000)
if DB_STATEMENT_TIMEOUT_MS < 0:
    raise ImproperlyConfigured(
        "Environment variable DB_STATEMENT_TIMEOUT_MS must be 0 (no limit) or a number of "
        f"milliseconds; got {DB_STATEMENT_TIMEOUT_MS}."
    )

# Argon2id at OWASP's recommended cost (organizations.hashers); the PBKDF2 hashes stored
# before it (Django's default, PBKDF2-SHA256) are still checked, and stored again as
# Argon2id at the user's next sign-in. A failed sign-in runs each of these once
# (organizations.backends): list no hasher no stored password uses.
PASSWORD_HASHERS = [
    "organizations.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses logins while an account or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "organizations.backends.JusticeModelBackend",
]
# Lock a username from an address out for 15 minutes after 5 failed logins.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy every request comes from the proxy's address: the lock-out then
# takes the client's address from X-Forwarded-For, trusting only the entries our proxies
# wrote (organizations.network). 0 (no proxy) ignores the header, which clients can forge.
# (django-ipware, which axes' AXES_IPWARE_* settings drive, is not installed.)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", env_int("AXES_PROXY_COUNT", 0))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("Environment variable TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "organizations.network.client_ip_address"
# The largest request body of a visitor not signed in (the login form needs far less).
ANONYMOUS_MAX_BODY_BYTES = env_int("ANONYMOUS_MAX_BODY_BYTES", 64 * 1024)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and formats: Vietnamese by default, English available; dd/mm/yyyy everywhere.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our own strings first, then Vietnamese for libraries that ship none.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads and generated files (imports, exports, certificates, dossiers, ballots) are read by
# every app server and worker: MEDIA_ROOT on a mount they share (NFS), or another Django
# storage (FILE_STORAGE_BACKEND, e.g. django-storages' S3 backend installed beside, with its
# options as a JSON object in FILE_STORAGE_OPTIONS). The code reads them only through the
# storage (organizations.files).
STORAGES = {
    # The default removes a half-written upload when the disk fills (organizations.files).
    "default": {
        "BACKEND": env_str("FILE_STORAGE_BACKEND", "organizations.files.CleanFileSystemStorage"),
        "OPTIONS": env_json("FILE_STORAGE_OPTIONS"),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@moj.gov.vn")

# Security: secure by default whenever DEBUG is off.
# Sessions and login lock-outs (django-axes' database handler) live in the database: any app
# server behind the proxy serves any request, without sticky sessions.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    # Only behind a proxy that sets X-Forwarded-Proto itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Scripts only from our own static files; the libraries' templates still carry a few style
# attributes, so inline styles stay allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Background tasks: Django's tasks API (django-tasks backport) on the database; run
# `manage.py db_worker` beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# History is read, never reverted: writes go through the services (organizations.admin.base).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Spreadsheet import/export.
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Our resources escape formulas themselves (organizations.imports.exporting): the
# library's switch would strip the "=" and turn every number and date into text.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 100 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 300_000)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 4000)
# Files above this size are checked and applied by a background worker.
IMPORT_INLINE_MAX_BYTES = env_int("IMPORT_INLINE_MAX_BYTES", 512 * 1024)
IMPORT_XLSX_MAX_UNCOMPRESSED = env_int("IMPORT_XLSX_MAX_UNCOMPRESSED", 600 * 1024 * 1024)
IMPORT_XLSX_MAX_RATIO = env_int("IMPORT_XLSX_MAX_RATIO", 200)
IMPORT_XLSX_MAX_MEMBERS = env_int("IMPORT_XLSX_MAX_MEMBERS", 500)
# The spreadsheet reader fills the whole rectangle from A1 to the last cell: a single cell at
# XFD1048576 would ask it for hundreds of gigabytes.
IMPORT_XLSX_MAX_CELLS = env_int("IMPORT_XLSX_MAX_CELLS", 10_000_000)
# An export of more rows than this is written by the background worker; its file is kept
# this many days for its requester (`manage.py expire_exports`).
EXPORT_INLINE_LIMIT = env_int("EXPORT_INLINE_LIMIT", 5000)
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 7)

# Commendations: the largest dossier file accepted, and how many certificates print in the
# request before printing moves to the background worker.
COMMENDATIONS_DOSSIER_MAX_BYTES = env_int("COMMENDATIONS_DOSSIER_MAX_BYTES", 10 * 1024 * 1024)
# The signed, stamped scan of a decision or of minutes (a PDF; scans run larger than dossiers).
COMMENDATIONS_SIGNED_COPY_MAX_BYTES = env_int(
    "COMMENDATIONS_SIGNED_COPY_MAX_BYTES", 20 * 1024 * 1024
)
COMMENDATIONS_PRINT_INLINE_MAX = env_int("COMMENDATIONS_PRINT_INLINE_MAX", 20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Enforcement: from this day a case passed between offices of one provincial agency is a
# reassignment inside that agency, not an entrustment (ủy thác) counted on line 4. The 2025
# reorganisation made the 34 provincial agencies the only legal entities, their regional
# offices (Phòng THADS khu vực) handling cases on their behalf, from 1 July 2025 (Bộ Tư
# pháp, Công văn 3769/BTP-TCTHADS of 25/06/2025 guiding the new structure; Luật Thi hành án
# dân sự, Điều 55–57 on entrustment between agencies). Kept as a setting: change it here
# should the guidance date differ for a province.
ENFORCEMENT_REASSIGNMENT_WITHIN_AGENCY_FROM = env_str(
    "ENFORCEMENT_REASSIGNMENT_WITHIN_AGENCY_FROM", "2025-07-01"
)
