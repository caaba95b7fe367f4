import { code, type EnvVar, localOrigin } from './env.js';
import type { FrameworkSettings } from './types.js';

/*
 * What the settings module create-pyweb writes for a Django project reads and needs: its
 * variables, the steps before its development server, and the text the generic templates ask
 * for (`settings.*` in the template context). The catalog entry points here.
 */

/** The settings' variables, after the table's own (env.ts). */
const ENV: EnvVar[] = [
  {
    name: 'DJANGO_SECRET_KEY',
    default: () => 'none',
    what: 'required unless `DJANGO_DEBUG=1`; the app refuses to start without it',
    // Empty: a value here would be a key every copy of this file shares.
    example: () => ({
      value: '',
      note: 'Django: required when DJANGO_DEBUG is off; never commit it. Make one with\npython -c "import secrets; print(secrets.token_urlsafe(50))"',
    }),
    compose: () => ({
      value: '${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY in .env (see .env.example)}',
      note: 'Compose stops here with this message until .env sets it.',
    }),
    // Kubernetes: a Secret (deployment.yaml), never the ConfigMap.
  },
  {
    name: 'DJANGO_SECRET_KEY_FALLBACKS',
    default: () => 'empty',
    what: 'comma-separated old keys, still accepted while sessions and tokens roll over to a new key',
  },
  {
    name: 'DJANGO_DEBUG',
    default: () => code('0'),
    what: 'development mode: never in production',
    example: () => ({ value: '0' }),
    configMap: () => ({ value: '0' }),
  },
  {
    name: 'DJANGO_ALLOWED_HOSTS',
    default: () => code('localhost,127.0.0.1'),
    what: 'comma-separated host names the site answers to',
    example: () => ({ value: 'localhost,127.0.0.1' }),
    configMap: (p) => ({ value: p.k8sHost }),
  },
  {
    name: 'DJANGO_CSRF_TRUSTED_ORIGINS',
    default: () => 'empty',
    what: 'comma-separated origins with scheme and port, e.g. `https://example.com`',
    example: (p) => ({
      value: localOrigin(p),
      note: `The origin a browser on this machine uses${p.compose ? " (compose.yaml's published port)" : ''}.`,
    }),
    configMap: (p) => ({ value: `https://${p.k8sHost}` }),
  },
  {
    name: 'DJANGO_SECURE_SSL_REDIRECT',
    default: () => code('1'),
    what: 'redirect plain HTTP to HTTPS (`/healthz` never redirects); the proxy must send `X-Forwarded-Proto`',
    example: () => ({
      value: '0',
      note: 'On by default; off here because this stack serves plain HTTP. Where TLS ends at your proxy,\nlet the proxy redirect, or set 1 if it sends X-Forwarded-Proto.',
    }),
    compose: () => ({
      value: '${DJANGO_SECURE_SSL_REDIRECT:-0}',
      note: 'This stack serves plain HTTP on localhost; where TLS ends in front of it, set 1 in .env.',
    }),
  },
  {
    name: 'DJANGO_SECURE_COOKIES',
    default: () => code('1'),
    what: 'session and CSRF cookies only over HTTPS',
  },
  {
    name: 'DJANGO_HSTS_SECONDS',
    default: () => code('3600'),
    what: 'HSTS max-age on HTTPS responses; raise it as "HTTPS and HSTS" says (`DJANGO_HSTS_INCLUDE_SUBDOMAINS`, `DJANGO_HSTS_PRELOAD`: `0`)',
  },
  {
    name: 'DJANGO_USE_X_FORWARDED_HOST',
    default: () => code('0'),
    what: "take the host from the proxy's `X-Forwarded-Host`",
  },
  {
    name: 'DJANGO_DB_PATH',
    // With the postgres add-on the settings read DATABASE_URL instead.
    applies: (p) => !p.postgres,
    default: (p) =>
      `${code('db.sqlite3')}${p.imageDbPath && p.docker ? ` (${code(p.imageDbPath)} in the image)` : ''}`,
    what: 'the SQLite database file',
  },
  {
    name: 'DJANGO_LOG_LEVEL',
    default: () => code('INFO'),
    what: 'log level, to stdout',
  },
];

/** Brings the database up to the project's migrations: the release step, and before developing. */
export const MIGRATE = ['python', 'manage.py', 'migrate'];

export const DJANGO_SETTINGS: FrameworkSettings = {
  secretKey: 'DJANGO_SECRET_KEY',
  allowedHosts: 'DJANGO_ALLOWED_HOSTS',
  podIpVar: 'DJANGO_POD_IP',
  env: ENV,
  // Without DJANGO_DEBUG the settings refuse to load (no DJANGO_SECRET_KEY) and redirect to HTTPS.
  develop: (postgres) => [
    {
      env: 'DJANGO_DEBUG',
      value: '1',
      what: 'development mode: no secret key needed, no HTTPS redirect',
    },
    {
      cmd: MIGRATE.join(' '),
      what: postgres
        ? "the items and the admin's tables, in DATABASE_URL's database"
        : 'only the admin needs a database',
    },
  ],
  pyproject: {
    pytest: (postgres) => [
      postgres
        ? '# Production settings plus a throwaway secret: pytest needs only DATABASE_URL.'
        : '# Production settings plus a throwaway secret: pytest needs nothing exported.',
      'DJANGO_SETTINGS_MODULE = "tests.settings"',
      '# WhiteNoise warns when STATIC_ROOT is empty: tests run without `collectstatic`.',
      'filterwarnings = ["ignore:No directory at:UserWarning"]',
    ],
    mypy: (websocket) => [
      'plugins = ["mypy_django_plugin.main"]',
      ...(websocket
        ? [
            "# asgiref's test communicator has no annotations.",
            'untyped_calls_exclude = ["asgiref.testing"]',
          ]
        : []),
    ],
    tables: [
      '',
      "# django-stubs' plugin loads the settings: the test ones, which need nothing exported.",
      '[tool.django-stubs]',
      'django_settings_module = "tests.settings"',
    ],
  },
  readme: [
    '',
    '### HTTPS and HSTS',
    '',
    'Behind a proxy that ends TLS and sends `X-Forwarded-Proto`, Django redirects plain HTTP to HTTPS',
    'and sends `Strict-Transport-Security: max-age=3600` (`DJANGO_HSTS_SECONDS`). Browsers then refuse',
    'plain HTTP to this host for that long, so a mistake in the TLS setup locks visitors out for an',
    'hour, not a year. Once HTTPS has worked for a while, raise it in steps (a day, a week, a month)',
    'to a year, `31536000`. Set `DJANGO_HSTS_INCLUDE_SUBDOMAINS=1` only once every subdomain serves',
    "HTTPS, and `DJANGO_HSTS_PRELOAD=1` only when submitting the domain to the browsers' preload list,",
    'which asks for both and a year. Until then `python manage.py check --deploy` warns about these',
    'two (`security.W005`, `security.W021`): the reminder is meant.',
  ],
};
