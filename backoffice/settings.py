"""One env-driven settings module (STYLE.md 2.9). Safe development defaults; production sets env vars."""

import math
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Which run this is (README "Production"). "production", the default, refuses to start without a secret key of
# its own; "demo" (`make demo`) and "test" (pytest.ini) run on the public development key, and the demo says so
# at start (backoffice.checks) and on every admin page (backoffice/urls.py).
MODES = ("production", "demo", "test")
MODE = os.environ.get("DJANGO_MODE", "production")
if MODE not in MODES:
    raise ImproperlyConfigured(f"DJANGO_MODE must be one of {', '.join(MODES)} (got {MODE!r}).")
DEMO = MODE == "demo"
# DJANGO_SECURE=true is the production switch: HTTPS only, secure cookies, HSTS, and secrets that must come
# from the environment (`manage.py check --deploy` is clean with it; tests/reliability/test_settings.py).
SECURE = env_bool("DJANGO_SECURE", False)
DEBUG = env_bool("DJANGO_DEBUG", False)
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"  # public: the demo's and the tests' only
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    if SECURE:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_SECURE is on.")
    if MODE == "production":
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a secret of your own: the development key is "
            "public. For the demo, set DJANGO_MODE=demo (make demo does)."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
if DEBUG and SECURE:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG must be off when DJANGO_SECURE is on (DEBUG shows settings and stack traces to anyone)."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "backoffice.rest",
    "backoffice.ui",  # Magento_Ui's bookmarks: each admin user's grid columns and saved views
    "catalog",  # dependency order: catalog <- inventory <- sales <- checkout, customers <- sales
    "inventory",
    "customers",
    "sales",
    "checkout",
    "integrations",  # System > Integrations and the OAuth handshake; imports backoffice only
    "asynchronous_operations",  # Magento_AsynchronousOperations + WebapiAsync: imports no domain app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, under gunicorn too (README "Production")
    "backoffice.rest.paths.MagentoPathMiddleware",
    "asynchronous_operations.api.asynchronous.AsyncRouteMiddleware",  # /rest/async/V1/..., /rest/async/bulk/V1/...
    "django.contrib.sessions.middleware.SessionMiddleware",
    "backoffice.admin_session.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "backoffice.urls"
WSGI_APPLICATION = "backoffice.wsgi.application"
APPEND_SLASH = False  # Magento paths have no trailing slash; never redirect a POST

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "backoffice" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASE_URL selects the database (PostgreSQL in production); unset means SQLite in the project folder.
# DJANGO_CONN_MAX_AGE keeps connections open between requests (seconds; the benchmarks run 600). Health checks
# go with them: a connection the database dropped (a restart, pg_terminate_backend, a proxy's idle timeout) is
# replaced before the first query of the next request instead of failing it with a 500.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, its placeholders' rewrite kept per statement text (backoffice/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "backoffice.sqlite"
    # Concurrent writers (several gunicorn workers) wait for SQLite's write lock instead of failing with
    # "database is locked": BEGIN IMMEDIATE takes it up front, and WAL lets readers go on meanwhile (bench/rest.py).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
random_page_cost = os.environ.get("POSTGRES_RANDOM_PAGE_COST", "1.1").strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and random_page_cost:
    try:
        cost = float(random_page_cost)
    except ValueError:
        cost = math.nan
    if not 0 <= cost < math.inf:  # PostgreSQL's range; a bad value would fail every connection, not the start
        raise ImproperlyConfigured(
            f"POSTGRES_RANDOM_PAGE_COST must be a number from 0 (got {random_page_cost!r}); empty keeps the server's."
        )
    # The planner's cost of reading a page out of order, against 1 in order: 1.1 for tables in memory or on SSD
    # (PostgreSQL's default, 4, is a spinning disk's). With 4 it read 89,204 search rows' pages to join them to a
    # 30-day filter (321 ms at 1M orders) where looking each filtered order up among them takes 40 ms (README
    # "Production"; POSTGRES_RANDOM_PAGE_COST sets another value, empty leaves the server's).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={cost}"
if os.environ.get("BACKOFFICE_TEST_DB_FILE"):
    # `make mutate` only: a file-based SQLite test database that pytest-django's --reuse-db keeps between the
    # thousands of short pytest runs, instead of migrating a fresh in-memory one for each mutant.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["BACKOFFICE_TEST_DB_FILE"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # Magento stores and renders sales dates in UTC
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["backoffice.date_formats"]  # the admin's one date format: Nov 25, 2025 14:37

# Static files (the admin's CSS and JavaScript) are served by WhiteNoise, by gunicorn as by runserver. In
# production `manage.py collectstatic` copies them to STATIC_ROOT under hashed names, compressed (gzip), cached
# for good by browsers; the demo and the tests serve them from the apps' folders as they are asked for (WhiteNoise's
# development mode: no collectstatic, nothing scanned at start).
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "backoffice" / "static"]  # the admin's one stylesheet, backoffice/admin.css
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if MODE == "production"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded media (product images, catalog/media.py) go through Django's default storage: files under MEDIA_ROOT
# by default, any django-storages backend in production (STORAGES["default"]). WhiteNoise serves static files
# only: Django serves MEDIA_URL itself in the demo and with DEBUG; in production a web server or the storage's
# own URLs do (README "Product media").
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_IMAGE_MAX_BYTES = int(os.environ.get("MEDIA_IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
MEDIA_IMAGE_MAX_DIMENSION = int(os.environ.get("MEDIA_IMAGE_MAX_DIMENSION", "10000"))  # pixels a side
MEDIA_GALLERY_MAX_ENTRIES = int(os.environ.get("MEDIA_GALLERY_MAX_ENTRIES", "100"))  # images a product
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = MODE != "production"

# The store printed at the top of invoices, packing slips and credit memos (Magento's Stores > Configuration >
# General > Store Information name and Sales > Invoice and Packing Slip Design > Address): STORE_ADDRESS lines
# separated by "|" or new lines.
STORE_NAME = os.environ.get("STORE_NAME", "Main Website Store")
STORE_ADDRESS = [
    line.strip()
    for line in os.environ.get(
        "STORE_ADDRESS", "6146 Honey Bluff Parkway|Calder, Michigan, 49628-7978|United States"
    ).replace("\n", "|").split("|")
    if line.strip()
]

# Email (Django 6.1 MAILERS): console by default, a folder with DJANGO_EMAIL_FILE_PATH, SMTP when
# DJANGO_EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "sales@example.com")
if os.environ.get("DJANGO_EMAIL_HOST"):
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ["DJANGO_EMAIL_HOST"],
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
            "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
        },
    }
elif os.environ.get("DJANGO_EMAIL_FILE_PATH"):
    _mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": os.environ["DJANGO_EMAIL_FILE_PATH"]},
    }
else:
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
MAILERS = {"default": _mailer}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "backoffice.rest.auth.BearerTokenAuthentication",
        "backoffice.rest.auth.OAuthSignatureAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["backoffice.rest.permissions.HasAclResource"],
    "DEFAULT_RENDERER_CLASSES": ["backoffice.rest.renderers.MagentoJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["backoffice.rest.parsers.MagentoJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["backoffice.rest.search_criteria.SearchCriteriaFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "backoffice.rest.search_criteria.SearchResultsPagination",
    "EXCEPTION_HANDLER": "backoffice.rest.errors.magento_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "COERCE_DECIMAL_TO_STRING": False,
    "DATETIME_FORMAT": "%Y-%m-%d %H:%M:%S",
    "DEFAULT_SCHEMA_CLASS": "backoffice.rest.schema.MagentoAutoSchema",
}

# The OpenAPI 3 description of every REST route, served at /rest/schema and /rest/all/schema?services=all.
SPECTACULAR_SETTINGS = {
    "TITLE": "backoffice: Magento 2 REST (order processing with MSI)",
    "DESCRIPTION": "Magento's /rest/V1 routes. Errors are Magento's {message, errors?, parameters?} body. "
    "Every route also answers under /rest/<store_code>/V1 (store codes: default, all).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["backoffice.rest.schema.default_store_routes_only"],
    "COMPONENT_SPLIT_REQUEST": True,
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,  # Magento leaves null fields out of its answers
    "ENABLE_DJANGO_DEPLOY_CHECK": False,  # the schema is checked by the test suite, not by check --deploy
}

# Magento store scope: /rest/<store_code>/V1/... ("all" is the admin scope, store 0).
MAGENTO_STORE_CODES = {"default": 1, "all": 0}
# The store view's configuration as GET /V1/store/storeConfigs answers it (Magento's general/locale/code,
# currency/options/base and /default, general/locale/weight_unit); its timezone is TIME_ZONE.
MAGENTO_LOCALE = "en_US"
MAGENTO_CURRENCY_CODE = "USD"  # base and display currency: every order is in it (sales.Order's currency codes)
MAGENTO_WEIGHT_UNIT = "lbs"
# Admin and customer token lifetimes (hours). Magento 2.4.6 issues JWTs (Magento_JwtUserToken, the
# UserTokenIssuerInterface preference since 2.4.4): webapi/jwtauth/admin_expiration and customer_expiration,
# 60 minutes each. The older oauth/access_token_lifetime/admin (4 h) and /customer (1 h) of Magento_Integration
# now apply only to opaque tokens issued before the upgrade.
MAGENTO_ADMIN_TOKEN_LIFETIME_HOURS = float(os.environ.get("MAGENTO_ADMIN_TOKEN_LIFETIME_HOURS", "1"))
MAGENTO_CUSTOMER_TOKEN_LIFETIME_HOURS = float(os.environ.get("MAGENTO_CUSTOMER_TOKEN_LIFETIME_HOURS", "1"))
# Integrations (OAuth 1.0a, backoffice/rest/oauth.py), Magento_Integration etc/config.xml:
# - the signature methods accepted. Magento 2.4.6 accepts HMAC-SHA256 only (Oauth::getSupportedSignatureMethods);
#   HMAC-SHA1 is accepted too by default, for older clients; "HMAC-SHA256" alone is Magento's strictness;
# - oauth/cleanup/expiration_period (minutes): how long nonces are kept, and so the oldest timestamp accepted;
#   oauth/cleanup/cleanup_probability: one nonce insert in this many also deletes the expired ones;
# - oauth/consumer/expiration_period (seconds): the handshake must start this soon after the credentials were
#   posted to the endpoint; oauth/consumer/post_timeout (seconds): that POST's timeout;
# - oauth/consumer/enable_integration_as_bearer: an integration's access token also works as a Bearer token
#   (off by default since Magento 2.4.4).
MAGENTO_OAUTH_SIGNATURE_METHODS = env_list("MAGENTO_OAUTH_SIGNATURE_METHODS", "HMAC-SHA256,HMAC-SHA1")
MAGENTO_OAUTH_NONCE_LIFETIME_MINUTES = int(os.environ.get("MAGENTO_OAUTH_NONCE_LIFETIME_MINUTES", "120"))
MAGENTO_OAUTH_CLEANUP_PROBABILITY = int(os.environ.get("MAGENTO_OAUTH_CLEANUP_PROBABILITY", "100"))
MAGENTO_OAUTH_CONSUMER_EXPIRATION_SECONDS = int(os.environ.get("MAGENTO_OAUTH_CONSUMER_EXPIRATION_SECONDS", "300"))
MAGENTO_OAUTH_POST_TIMEOUT_SECONDS = float(os.environ.get("MAGENTO_OAUTH_POST_TIMEOUT_SECONDS", "5"))
MAGENTO_OAUTH_INTEGRATION_AS_BEARER = env_bool("MAGENTO_OAUTH_INTEGRATION_AS_BEARER", False)
# Checkout configuration (Stores > Configuration > Sales): active carriers and offline payment methods.
MAGENTO_CARRIERS = env_list("MAGENTO_CARRIERS", "flatrate")
MAGENTO_PAYMENT_METHODS = env_list("MAGENTO_PAYMENT_METHODS", "checkmo,banktransfer,free")
# Sign-in locks (backoffice/rest/lockout.py), one counter per account across every way in, with Magento's
# defaults: the token endpoints' lock, Magento_Integration oauth/authentication_lock/max_failures_count and
# timeout (seconds); the admin account's, Magento_User admin/security/lockout_failures and lockout_threshold
# (minutes); the customer account's, Magento_Customer customer/password/lockout_failures and lockout_threshold.
MAGENTO_AUTH_LOCK_MAX_FAILURES = int(os.environ.get("MAGENTO_AUTH_LOCK_MAX_FAILURES", "6"))
MAGENTO_AUTH_LOCK_TIMEOUT_SECONDS = int(os.environ.get("MAGENTO_AUTH_LOCK_TIMEOUT_SECONDS", "1800"))
MAGENTO_ADMIN_LOCKOUT_FAILURES = int(os.environ.get("MAGENTO_ADMIN_LOCKOUT_FAILURES", "6"))
MAGENTO_ADMIN_LOCKOUT_THRESHOLD_MINUTES = int(os.environ.get("MAGENTO_ADMIN_LOCKOUT_THRESHOLD_MINUTES", "30"))
MAGENTO_CUSTOMER_LOCKOUT_FAILURES = int(os.environ.get("MAGENTO_CUSTOMER_LOCKOUT_FAILURES", "10"))
MAGENTO_CUSTOMER_LOCKOUT_THRESHOLD_MINUTES = int(os.environ.get("MAGENTO_CUSTOMER_LOCKOUT_THRESHOLD_MINUTES", "10"))

# Customer accounts (customers/): Magento_Customer's customer/create_account/confirm (0) and
# customer/password/reset_link_expiration_period (2 hours), Magento_Checkout's checkout/options/
# enable_guest_checkout_login (0: isEmailAvailable answers true for every email), and the storefront the
# account emails link to (its customer/account/createPassword and customer/account/confirm pages).
MAGENTO_CUSTOMER_CREATE_ACCOUNT_CONFIRM = env_bool("MAGENTO_CUSTOMER_CREATE_ACCOUNT_CONFIRM", False)
MAGENTO_CUSTOMER_RESET_LINK_EXPIRATION_HOURS = int(os.environ.get("MAGENTO_CUSTOMER_RESET_LINK_EXPIRATION_HOURS", "2"))
MAGENTO_CHECKOUT_GUEST_CHECKOUT_LOGIN = env_bool("MAGENTO_CHECKOUT_GUEST_CHECKOUT_LOGIN", False)
MAGENTO_STOREFRONT_URL = os.environ.get("MAGENTO_STOREFRONT_URL", "http://localhost/")
# Every Django sign-in (admin login page, admin token) goes through the account lock.
AUTHENTICATION_BACKENDS = ["backoffice.rest.backends.LockedModelBackend"]
# Sign-in attempts per client address and per user name in each window, counted in the cache before any
# password hash (backoffice/rest/throttle.py); beyond them, 429 "Too Many Requests". 0 turns a limit off.
SIGN_IN_THROTTLE_PER_ADDRESS = int(os.environ.get("SIGN_IN_THROTTLE_PER_ADDRESS", "30"))
SIGN_IN_THROTTLE_PER_USERNAME = int(os.environ.get("SIGN_IN_THROTTLE_PER_USERNAME", "20"))
SIGN_IN_THROTTLE_WINDOW_SECONDS = int(os.environ.get("SIGN_IN_THROTTLE_WINDOW_SECONDS", "60"))
# The cache (the sign-in limiter's counters): Redis when REDIS_URL is set, so every worker shares one count;
# otherwise local memory (one count per process: the demo and the tests).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The admin session ends after this many idle seconds (Magento's admin/security/session_lifetime, 900 in
# Magento_Security etc/config.xml); requests prolong it, as Magento's Session::prolong does
# (backoffice/admin_session.py).
MAGENTO_ADMIN_SESSION_LIFETIME_SECONDS = int(os.environ.get("MAGENTO_ADMIN_SESSION_LIFETIME_SECONDS", "900"))
SESSION_COOKIE_AGE = MAGENTO_ADMIN_SESSION_LIFETIME_SECONDS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
# Magento's web API input limits (Stores > Configuration > Services > Magento Web API > Web Api Input Limits),
# always on here: the largest searchCriteria[pageSize] (SearchCriteriaValidator's maximumPageSize in app/etc/di.xml)
# and the page size of a search sent without one (ServiceInputProcessor's defaultPageSize, through
# DefaultPageSizeSetter). Every list route answers at most one page.
MAGENTO_MAX_PAGE_SIZE = int(os.environ.get("MAGENTO_MAX_PAGE_SIZE", "300"))
MAGENTO_DEFAULT_PAGE_SIZE = int(os.environ.get("MAGENTO_DEFAULT_PAGE_SIZE", "20"))
# Request bodies: at most this many bytes (413 beyond; Django's default 2.5 MB), nested at most this deep.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))
MAGENTO_MAX_JSON_DEPTH = int(os.environ.get("MAGENTO_MAX_JSON_DEPTH", "64"))
# The longest string (JSON key or value, REST path segment) taken: MySQL's TEXT, Magento's widest column for
# the strings of these entities (comments, track numbers). Longer, or holding a NUL byte: a 400 (404 in a path).
MAGENTO_MAX_STRING_LENGTH = int(os.environ.get("MAGENTO_MAX_STRING_LENGTH", "65535"))
# How long an Idempotency-Key answer is replayed (backoffice/rest/idempotency.py).
IDEMPOTENCY_KEY_TTL_HOURS = float(os.environ.get("IDEMPOTENCY_KEY_TTL_HOURS", "24"))

# Security headers, always on (Django's defaults, stated): no MIME sniffing, no framing, same-origin referrers.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if SECURE:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):  # behind a proxy that sets X-Forwarded-Proto
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Workers and scheduled jobs (README "Workers and scheduled jobs"): Celery on RabbitMQ, configured here under
# CELERY_ (backoffice/celery.py). Without CELERY_BROKER_URL (the demo, the tests) asynchronous operations run in the
# web process after the request's commit.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "async.operations.all")
CELERY_BROKER_CONNECTION_TIMEOUT = float(os.environ.get("CELERY_BROKER_CONNECTION_TIMEOUT", "2"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True  # a message is acknowledged once its operation's transaction has ended
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a killed worker's message goes back to the queue
# Messages a worker process holds ahead: with acks_late a killed worker's held messages go back to the queue too;
# more than 1 saves the broker's round trip between two operations.
CELERY_WORKER_PREFETCH_MULTIPLIER = int(os.environ.get("CELERY_WORKER_PREFETCH_MULTIPLIER", "4"))
CELERY_TASK_PUBLISH_RETRY = False  # a request never waits for a broker that is down: the sweep publishes later
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "bulk_sweep": {"task": "asynchronous_operations.sweep", "schedule": 60.0},
    "inventory_reservation_cleanup": {
        "task": "backoffice.run_job",
        "args": ["inventory_reservation_cleanup"],
        "schedule": 24 * 3600.0,
    },
    "prune_idempotency_records": {
        "task": "backoffice.run_job",
        "args": ["prune_idempotency_records"],
        "schedule": 24 * 3600.0,
    },
    # Magento's sales_send_order_emails, ..._invoice_, ..._shipment_, ..._creditmemo_emails (every minute).
    "send_sales_emails": {"task": "backoffice.run_job", "args": ["send_sales_emails"], "schedule": 60.0},
    # Magento's aggregate_sales_report_bestsellers_data: the dashboard's bestsellers, labelled with this time.
    "refresh_statistics": {"task": "backoffice.run_job", "args": ["refresh_statistics"], "schedule": 3600.0},
}
# Customer emails (Magento's sales_email/general/async_sending, default off: they leave right after the commit);
# on, the web process sends none and the send_sales_emails job sends what is due, sending_limit per kind and run.
SALES_EMAIL_ASYNC_SENDING = env_bool("SALES_EMAIL_ASYNC_SENDING", False)
SALES_EMAIL_SENDING_LIMIT = int(os.environ.get("SALES_EMAIL_SENDING_LIMIT", "50"))
# An operation still open this long after it was published is published again by the sweep (at least once).
# The most bodies one bulk request may carry (its status routes list them all, as Magento's do).
ASYNC_BULK_MAX_OPERATIONS = int(os.environ.get("ASYNC_BULK_MAX_OPERATIONS", "5000"))
ASYNC_OPERATIONS_REPUBLISH_AFTER_SECONDS = int(os.environ.get("ASYNC_OPERATIONS_REPUBLISH_AFTER_SECONDS", "300"))
