"""Settings for every environment, read from environment variables.

Local use needs none of them: DEBUG is on, data lives in a SQLite file under
var/, the cache is in memory and e-mail goes to the console.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.databases import SUPPORTED_SCHEMES, database_settings
from config.env import env_bool, env_int, env_json, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "local-development-only-not-secret"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "config",
    "catalogue",
    "matching",
    "access",
    "about",
    "staff",
    "jobs",
    "missions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, compressed ahead of time
    # Below WhiteNoise, above everything that writes a body: pages and JSON compressed,
    # then an ETag from the uncompressed body, so a repeated GET gets 304.
    "config.compression.CompressionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "catalogue.lib.process_cache.VersionsReadOncePerRequest",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "config.requests.RefuseUnusableParametersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "staff.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "catalogue.pages.context_processors.languages",
                "about.context_processors.footer",
            ],
        },
    },
]

DATABASES = {
    "default": database_settings(
        env_url("DATABASE_URL", "sqlite:///var/db.sqlite3", schemes=SUPPORTED_SCHEMES),
        base_dir=BASE_DIR,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "kzng")
if REDIS_URL:
    env_url("REDIS_URL", "", schemes=("redis", "rediss", "unix"))
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Several server processes must share rate limits and cache versions; without Redis
    # they share the database (config.models.CacheEntry), never a cache of their own.
    CACHES = {
        "default": {
            "BACKEND": "config.cache.SharedDatabaseCache",
            "LOCATION": "kzng_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Rate-limit windows must not be culled while they count.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }

# Megabytes of public pages and API answers each server process keeps once rendered
# (catalogue.pages.kept): a product page is about 6 KB, a page of results 22 KB. 0 renders
# every request.
PAGES_KEPT_MB = env_int("PAGES_KEPT_MB", 32, minimum=0)

# Where a running job's progress and heartbeat are told (jobs.progress): Redis, which workers
# on every machine reach, or files that every process of this machine shares.
JOBS_PROGRESS_DIR = env_str("JOBS_PROGRESS_DIR", str(BASE_DIR / "var" / "progress"))
CACHES["jobs"] = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache"
    if REDIS_URL
    else "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": REDIS_URL or JOBS_PROGRESS_DIR,
}
CACHES["jobs"]["KEY_PREFIX"] = f"{CACHE_KEY_PREFIX}-jobs"
if not REDIS_URL:  # one entry a job, kept a day: a running job's beat must never be culled
    CACHES["jobs"]["OPTIONS"] = {"MAX_ENTRIES": 1_000_000}

# The task queue (Django's tasks framework, through the django-tasks backport): "database",
# a queue in a table of the database and `manage.py run_worker` processes reading it, the
# default; "rq", Redis through RQ (REDIS_URL), for many workers on many machines;
# "immediate", each job run inside the request that asks for it (tests, no worker).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}; got {TASKS_BACKEND!r}."
    )
if TASKS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    # An import of 400,000 rows or a report of as many lines takes minutes, not hours.
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
# A running job whose worker has not beaten for this long is taken to have lost it: queued
# again (or failed after its most attempts) by the scheduler.
JOBS_STALL_SECONDS = env_int("JOBS_STALL_SECONDS", 60, minimum=15)
# Finished jobs are listed on the Jobs page this many days, then deleted.
JOBS_KEEP_DAYS = env_int("JOBS_KEEP_DAYS", 30, minimum=1)
# Jobs one official may have waiting or running at once (exports, large previews, imports).
JOBS_MOST_WAITING_PER_USER = env_int("JOBS_MOST_WAITING_PER_USER", 5, minimum=1)
# How long a worker waits to record a job's or an e-mail's state while another process (an
# import, on SQLite) holds the database's write lock.
JOBS_LOCKED_SECONDS = env_int("JOBS_LOCKED_SECONDS", 900, minimum=0)
# A job or an e-mail that failed is tried again after this pause, doubled at each try.
JOBS_RETRY_SECONDS = env_int("JOBS_RETRY_SECONDS", 30, minimum=0)
# What the scheduler (`manage.py run_scheduler`, one per deployment) queues: every so many
# seconds, or daily at a time of TIME_ZONE.
JOBS_SCHEDULE = {
    "expire_previews": {"handler": "catalogue.jobs.expire_previews", "every": 3600},
    "delete_expired_files": {"handler": "jobs.maintenance.delete_expired_files", "every": 3600},
    "apply_retention": {"handler": "matching.jobs.apply_retention", "daily_at": "03:00"},
}
# Set, a backup is written there every night (`backup_db`), the last BACKUP_KEEP kept.
BACKUP_DIR = env_str("BACKUP_DIR")
BACKUP_KEEP = env_int("BACKUP_KEEP", 14, minimum=1)
if BACKUP_DIR:
    JOBS_SCHEDULE["backup_db"] = {"handler": "config.jobs.backup_db", "daily_at": "02:00"}

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# A mail server that stalls fails the send (logged) before the worker's own timeout.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
# Where links in e-mails point when no request is at hand (commands, staff actions).
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https"))
# Staff told of every newly confirmed interest; none by default.
STAFF_NOTIFY_EMAILS = env_list("STAFF_NOTIFY_EMAILS", [])
# Who the privacy notice names as controlling buyers' personal data, and where to write;
# left empty, the notice says "the organisation that runs this catalogue" in its language.
PRIVACY_CONTROLLER = env_str("PRIVACY_CONTROLLER", "")
PRIVACY_CONTACT_EMAIL = env_str("PRIVACY_CONTACT_EMAIL", "")
# The privacy notice's time limits, applied by manage.py apply_retention: requests never
# confirmed are deleted after UNCONFIRMED_REQUEST_DAYS; closed or withdrawn ones are
# anonymised CLOSED_REQUEST_RETENTION_DAYS after their last change.
UNCONFIRMED_REQUEST_DAYS = env_int("UNCONFIRMED_REQUEST_DAYS", 30, minimum=1)
CLOSED_REQUEST_RETENTION_DAYS = env_int("CLOSED_REQUEST_RETENTION_DAYS", 730, minimum=1)
# A message the mail server refuses is tried again after 30 s, 1 min, 2 min... this often.
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 6, minimum=1)
# Messages sent are kept this many days (they hold buyers' requests), then deleted.
EMAIL_KEEP_DAYS = env_int("EMAIL_KEEP_DAYS", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "KZ-NG Export Catalogue <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Kazakh is the state language of the officials and exporters who curate the catalogue;
# Russian its other official language; English that of the Nigerian buyers.
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")]
# Ours, then Kazakh for the messages of Django's own (the admin's...) that Django's Kazakh
# catalogue lacks; the first path wins where both have a message.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
# Django ships no number and date formats for Kazakh (and groups Russian thousands
# only where asked): ours are in config/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Africa/Lagos"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files that jobs read and write (uploads waiting for confirmation, workbooks; jobs.files):
# local files by default; with workers on other machines, a shared backend, e.g.
# FILES_STORAGE=storages.backends.s3.S3Storage and its options as JSON in
# FILES_STORAGE_OPTIONS (install django-storages[s3]).
FILES_STORAGE = env_str("FILES_STORAGE", "django.core.files.storage.FileSystemStorage")
FILES_STORAGE_OPTIONS = env_json("FILES_STORAGE_OPTIONS", {})
if FILES_STORAGE == "django.core.files.storage.FileSystemStorage":
    FILES_STORAGE_OPTIONS.setdefault(
        "location", env_str("FILES_DIR", str(BASE_DIR / "var" / "files"))
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "files": {"BACKEND": FILES_STORAGE, "OPTIONS": FILES_STORAGE_OPTIONS},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 20, minimum=1)
# Each uploaded file is read in a child process within this budget: memory the parsers may
# add, seconds of CPU and wall clock (under gunicorn's 30 s worker timeout, so the answer is
# a message, not a killed worker), and cells in a sheet (rows × columns). The defaults admit
# a 20 MB workbook of ministry rows (about 345,000 rows × 11 columns, read in ~3 s with ~500
# MB), and keep a reading child, the worker's pages it shares included, under 1 GB.
IMPORT_READ_MEMORY_MB = env_int("IMPORT_READ_MEMORY_MB", 640, minimum=64)
IMPORT_READ_SECONDS = env_int("IMPORT_READ_SECONDS", 20, minimum=1)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 5_000_000, minimum=1000)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 400_000, minimum=100)
# Rows of an upload in the admin, checked and compared within a web worker's 30 s timeout
# (an import writes some 7,000 rows a second on 2 cores); larger files go through
# `import_catalogue`.
IMPORT_WEB_MAX_ROWS = env_int("IMPORT_WEB_MAX_ROWS", 50_000, minimum=100)
# An upload larger than this is previewed by a worker, the official following its progress;
# a smaller one at once. Confirming always goes to a worker.
IMPORT_PREVIEW_NOW_MB = env_int("IMPORT_PREVIEW_NOW_MB", 2, minimum=0)

# Register-interest form: at most this many submissions per IP address an hour, and per
# e-mail address a day; the form must take at least MIN_FILL_SECONDS to fill in.
INTEREST_LIMIT_PER_IP_HOUR = env_int("INTEREST_LIMIT_PER_IP_HOUR", 20, minimum=1)
INTEREST_LIMIT_PER_EMAIL_DAY = env_int("INTEREST_LIMIT_PER_EMAIL_DAY", 10, minimum=1)
INTEREST_MIN_FILL_SECONDS = env_int("INTEREST_MIN_FILL_SECONDS", 3, minimum=0)
# "Send my links again": per e-mail address and per IP address an hour.
LOST_LINK_LIMIT_PER_EMAIL_HOUR = env_int("LOST_LINK_LIMIT_PER_EMAIL_HOUR", 5, minimum=1)
LOST_LINK_LIMIT_PER_IP_HOUR = env_int("LOST_LINK_LIMIT_PER_IP_HOUR", 20, minimum=1)
# Behind a reverse proxy, the client's address is the last one it adds to X-Forwarded-For.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

# Security headers and cookies; strict by default when DEBUG is off (behind HTTPS).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUST_X_FORWARDED_FOR else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JSONFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "WARNING"}},
}
if DEBUG:
    LOGGING = {"version": 1, "disable_existing_loggers": False}
