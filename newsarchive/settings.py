"""Settings for the Bengali news archive, read from environment variables.

Development defaults are safe to run on a laptop: SQLite and a Whoosh index under ARCHIVE_DATA_DIR
(default ./var/). Production (DJANGO_DEBUG unset or false, DJANGO_ENV=production) refuses to start
without DJANGO_SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development").lower() == "production"
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # articles before haystack: its rebuild_index (one two-process writer) replaces haystack's.
    "articles",
    "articles.research",
    "haystack",
    # The read-only JSON API (issue 15): DRF, its token model (tokens are revoked in admin), the
    # OpenAPI generator and its Swagger/Redoc files served from static (no CDN), CORS for /api/.
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
]

MIDDLEWARE = [
    # First, so that its headers reach every /api/ response, including errors made further down.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "articles.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "articles.middleware.BengaliFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before the deadline: waiting for the engine does not count against a request's time budget.
    "articles.engine_gate.EngineGateMiddleware",
    "articles.middleware.RequestDeadlineMiddleware",
]

ROOT_URLCONF = "newsarchive.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "newsarchive.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'archive.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share one SQLite file: wait for the lock instead of failing at once.
    # WAL lets readers (the site) go on while an import writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Research accounts (articles/research): made by admins; self sign-up only when ARCHIVE_SIGNUP is on.
LOGIN_URL = "research:login"
LOGIN_REDIRECT_URL = "research:account"
LOGOUT_REDIRECT_URL = "articles:home"
ARCHIVE_SIGNUP = env_bool("ARCHIVE_SIGNUP", False)
# Failed sign-ins allowed per account and per address within the window (seconds) before refusals.
ARCHIVE_SIGNIN_FAILURES = int(os.environ.get("ARCHIVE_SIGNIN_FAILURES", "5"))
ARCHIVE_SIGNIN_ADDRESS_FAILURES = int(os.environ.get("ARCHIVE_SIGNIN_ADDRESS_FAILURES", "20"))
ARCHIVE_SIGNIN_WINDOW = int(os.environ.get("ARCHIVE_SIGNIN_WINDOW", str(15 * 60)))

LANGUAGE_CODE = "bn"
LANGUAGES = [("bn", _("Bengali")), ("en", _("English"))]
# locale-django: Bengali for the admin strings Django's own bn catalogue leaves untranslated.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-django"]
# Django's bn formats put Bengali month names beside Latin digits ("2 ডিসেম্বর, 2026") and read
# dates as dd/mm/yyyy: the admin shows and reads ISO dates instead (newsarchive/formats/bn).
FORMAT_MODULE_PATH = ["newsarchive.formats"]
TIME_ZONE = "Asia/Dhaka"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise expects it even before collectstatic has run
# Files served at the site root (/favicon.ico, which browsers and bots ask for whatever the page links).
WHITENOISE_ROOT = BASE_DIR / "public"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# One Whoosh index on disk. Its analyzers are ours (articles.search.whoosh.backend): Whoosh's defaults
# split Bengali words at every vowel sign. Errors must surface, never be swallowed.
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "articles.search.whoosh.backend.BanglaWhooshEngine",
        "PATH": os.environ.get("ARCHIVE_INDEX_DIR", str(DATA_DIR / "whoosh_index")),
    }
}
HAYSTACK_SILENTLY_FAIL = False
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20
# Index updates go through our signal processor, which serialises writers with a file lock
# (Whoosh allows one writer at a time; see articles/indexing.py).
HAYSTACK_SIGNAL_PROCESSOR = "articles.indexing.LockedSignalProcessor"

# "default" is per process (fast, for what each worker may compute alone). "shared" is a table in the
# archive's database, which every gunicorn worker (and every machine of a PostgreSQL deployment) sees:
# the API's rate limits count there, so two workers do not double a client's allowance. Its table is
# made by `migrate` (articles/apps.py runs createcachetable after it) and by the test database's set-up.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 300},
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "archive_shared_cache",
        "TIMEOUT": 3600,
        # Expired rows are culled past this many (a third at a time); one row per client and window.
        "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 3},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Search results kept per process for repeated identical searches (0 turns the cache off).
ARCHIVE_SEARCH_CACHE = int(os.environ.get("ARCHIVE_SEARCH_CACHE", "128"))
# Memory per process for the posting lists of recently searched words (articles/search/whoosh/matching.py), MB.
ARCHIVE_POSTINGS_CACHE_MB = int(os.environ.get("ARCHIVE_POSTINGS_CACHE_MB", "64"))
# Memory per index-writer process (two of them) for rebuilds and large imports, MB: past it a process
# starts a new segment. 100k articles: 4 segments with 1024, 8 with 512 (searches reading postings
# cold at 1M: first-pass p95 980 ms with 80 segments).
ARCHIVE_INDEX_WRITER_MB = int(os.environ.get("ARCHIVE_INDEX_WRITER_MB", "1024"))

# Seconds a request may spend before it is answered 503 with a message (articles/deadline.py), so that
# costly searches never hold the workers other readers wait for.
ARCHIVE_REQUEST_DEADLINE_S = float(os.environ.get("ARCHIVE_REQUEST_DEADLINE_S", "3"))
# How long a request waits for its turn in the search engine of its process (articles/engine_gate.py).
ARCHIVE_ENGINE_WAIT_S = float(os.environ.get("ARCHIVE_ENGINE_WAIT_S", "20"))
# Long jobs (import_articles, tag_entities) run this much nicer than the server (articles/writer_turns.py).
ARCHIVE_JOB_NICE = int(os.environ.get("ARCHIVE_JOB_NICE", "10"))
# Seconds a writer waits for the index's writer lock before it gives up naming the holder.
ARCHIVE_INDEX_LOCK_TIMEOUT = float(os.environ.get("ARCHIVE_INDEX_LOCK_TIMEOUT", "600"))

# Only the site's own files, no inline scripts or style sheets (issue 13). Django's admin needs nothing
# more; style attributes are allowed for the bars of the entity timeline (their widths are data).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Maximum size of one input file for import_articles (bytes).
ARCHIVE_MAX_IMPORT_BYTES = int(os.environ.get("ARCHIVE_MAX_IMPORT_BYTES", str(50 * 1024 * 1024)))

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# Search engine (issue 14): "whoosh" (embedded, the default) or "solr" (a SolrCloud cluster at
# ARCHIVE_SOLR_URL, any of its nodes; `make solr` starts a local one, `manage.py solr_setup` prepares
# any cluster).
ARCHIVE_SEARCH_ENGINE = os.environ.get("ARCHIVE_SEARCH_ENGINE", "whoosh")
if ARCHIVE_SEARCH_ENGINE not in ("whoosh", "solr"):
    raise ImproperlyConfigured(
        f"ARCHIVE_SEARCH_ENGINE must be 'whoosh' or 'solr', not {ARCHIVE_SEARCH_ENGINE!r}"
    )
ARCHIVE_SOLR_URL = os.environ.get("ARCHIVE_SOLR_URL", "http://127.0.0.1:8983/solr").rstrip("/")
ARCHIVE_SOLR_COLLECTION = os.environ.get("ARCHIVE_SOLR_COLLECTION", "archive")
if ARCHIVE_SEARCH_ENGINE == "solr":
    # Indexing goes to the collection through haystack (articles/search/solr/backend.py). URL may name
    # several nodes, comma-separated: the client fails over between them. PATH stays: the writer lock
    # of articles/indexing.py lives beside it.
    HAYSTACK_CONNECTIONS["default"].update(
        ENGINE="articles.search.solr.backend.SolrEngine",
        URL=ARCHIVE_SOLR_URL,
        COLLECTION=ARCHIVE_SOLR_COLLECTION,
    )

# The JSON API (articles/api/, issue 15). Anonymous clients are limited per IP address, researchers
# with a token (admin: Auth Token > Tokens) get the higher "user" rate. Rates are read per request
# (articles/api/throttling.py) and counted in CACHES["shared"], which every worker sees.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "articles.api.throttling.AnonymousRateThrottle",
        "articles.api.throttling.TokenRateThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "articles.api.views.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The client's address is REMOTE_ADDR unless this many proxies in front add X-Forwarded-For
    # (0: a client cannot dodge its limit by sending the header itself).
    "NUM_PROXIES": int(os.environ.get("ARCHIVE_API_PROXIES", "0")),
}
ARCHIVE_API_RATES = {
    "anon": os.environ.get("ARCHIVE_API_ANON_RATE", "60/min"),
    "user": os.environ.get("ARCHIVE_API_TOKEN_RATE", "600/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bengali news archive API",
    "DESCRIPTION": (
        "Read-only access to the archive: search with every filter of the search page, articles with "
        "their full text and entities, entities, outlets, topics, and timelines of searches. "
        "Anonymous clients are rate-limited per IP address; researchers can ask for an API token (header `Authorization: Token <key>`) "
        "for a higher limit. Every response carries RateLimit-Limit, RateLimit-Remaining and "
        "RateLimit-Reset; a 429 carries Retry-After."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# CORS: any origin may GET the API (it is public and read-only); nothing else on the site.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"]
