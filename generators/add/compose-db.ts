/**
 * `add postgres` into a compose file that already runs PostgreSQL: the user's database service is
 * the one the app uses, not a second beside it. Our services are rewritten to reach theirs (its
 * name, its user, password and database) before they are merged in (compose.ts).
 */
import { isMap, isScalar, isSeq, parseDocument, type Pair, type YAMLMap } from 'yaml';

/** An image of PostgreSQL: the official one and the common builds of it (PostGIS, pgvector, Bitnami). */
const POSTGRES_IMAGE = /(^|\/)(postgres|postgresql|postgis|pgvector)(:|@|$)/;

const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : String(p.key));

/** A compose service's image, or ''. */
function imageOf(service: unknown): string {
  if (!isMap(service)) return '';
  const image = service.get('image', true);
  return isScalar(image) ? String(image.value ?? '') : '';
}

/** The first service running PostgreSQL, by name. */
function postgresService(services: YAMLMap): { name: string; service: YAMLMap } | undefined {
  for (const p of services.items) {
    const service = (p as Pair).value;
    if (isMap(service) && POSTGRES_IMAGE.test(imageOf(service)))
      return { name: keyOf(p as Pair), service };
  }
  return undefined;
}

/** A service's environment as name → text, from its mapping or its `NAME=value` list. */
function environmentOf(service: YAMLMap): Map<string, string> {
  const env = service.get('environment', true);
  const out = new Map<string, string>();
  if (isMap(env))
    for (const p of env.items) {
      const v = (p as Pair).value;
      out.set(keyOf(p as Pair), isScalar(v) ? String(v.value ?? '') : '');
    }
  else if (isSeq(env))
    for (const item of env.items) {
      const text = isScalar(item) ? String(item.value ?? '') : '';
      const eq = text.indexOf('=');
      if (eq > 0) out.set(text.slice(0, eq), text.slice(eq + 1));
    }
  return out;
}

/** A URL's part: compose's `${...}` as it is (compose fills it in), anything else escaped. */
const urlPart = (s: string) => (s.includes('${') ? s : encodeURIComponent(s));

/** Their database as a URL from the app's service, by the official image's variables and defaults. */
function theirUrl(name: string, service: YAMLMap, scheme: string): string {
  const env = environmentOf(service);
  const user = env.get('POSTGRES_USER') || 'postgres';
  const password = env.get('POSTGRES_PASSWORD') ?? '';
  const db = env.get('POSTGRES_DB') || user;
  const auth = password ? `${urlPart(user)}:${urlPart(password)}` : urlPart(user);
  return `${scheme}://${auth}@${name}:5432/${urlPart(db)}`;
}

/** The named volumes a service mounts (`name:/path`, or the long form's `source`). */
function namedVolumes(service: YAMLMap): string[] {
  const vols = service.get('volumes', true);
  if (!isSeq(vols)) return [];
  return vols.items.flatMap((v) => {
    const source = isMap(v) ? String(v.get('source') ?? '') : isScalar(v) ? String(v.value) : '';
    const name = source.split(':')[0]!;
    return name && !/^[./~$]/.test(name) ? [name] : [];
  });
}

/**
 * Our compose file with its PostgreSQL service left out where the user's file (`user`) runs one:
 * our other services depend on theirs (started, or healthy where it has a health check) and
 * reach it by its name and credentials. Unchanged where either file has no PostgreSQL service
 * or is not a compose mapping. Returns the text and the name of their service, when used.
 */
export function useTheirDatabase(ours: string, user: string): { text: string; theirs?: string } {
  const mine = parseDocument(user);
  const doc = parseDocument(ours);
  if (mine.errors.length || doc.errors.length || !isMap(mine.contents) || !isMap(doc.contents))
    return { text: ours };
  const userServices = mine.get('services', true);
  const ourServices = doc.get('services', true);
  if (!isMap(userServices) || !isMap(ourServices)) return { text: ours };
  const theirs = postgresService(userServices);
  if (!theirs) return { text: ours };
  const own = postgresService(ourServices);
  // The app's URL names our service, `db` (COMPOSE_DB), whether or not ours runs one.
  const ownName = own?.name ?? 'db';
  const url = new RegExp(
    String.raw`(postgres(?:ql)?(?:\+\w+)?)://[^@\s"']*@${ownName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\d+/[^\s"'?]*`,
    'g',
  );
  // Without the postgres add-on ours neither runs nor names a database: nothing to rewrite.
  if (!own && !new RegExp(url.source).test(ours)) return { text: ours };
  const healthy = theirs.service.has('healthcheck');

  if (own) {
    ourServices.delete(own.name);
    // Our volumes only our database mounted go with it.
    const volumes = doc.get('volumes', true);
    const stillUsed = new Set(
      ourServices.items.flatMap((p) =>
        isMap((p as Pair).value) ? namedVolumes((p as Pair).value as YAMLMap) : [],
      ),
    );
    if (isMap(volumes)) {
      for (const v of namedVolumes(own.service)) if (!stillUsed.has(v)) volumes.delete(v);
      if (!volumes.items.length) doc.delete('volumes');
    }
  }

  for (const p of ourServices.items) {
    const service = (p as Pair).value;
    if (!isMap(service)) continue;
    const deps = service.get('depends_on', true);
    if (isMap(deps)) {
      const on = deps.items.find((d) => keyOf(d as Pair) === ownName) as Pair | undefined;
      if (on) {
        on.key = doc.createNode(theirs.name);
        // Compose refuses service_healthy on a service with no health check.
        if (!healthy && isMap(on.value) && on.value.get('condition') === 'service_healthy')
          on.value.set('condition', 'service_started');
      }
    } else if (isSeq(deps)) {
      for (const [i, d] of deps.items.entries())
        if (isScalar(d) && d.value === ownName) deps.set(i, theirs.name);
    }
    const env = service.get('environment', true);
    const items = isMap(env)
      ? env.items.map((e) => (e as Pair).value)
      : isSeq(env)
        ? env.items
        : [];
    for (const v of items)
      if (isScalar(v) && typeof v.value === 'string')
        v.value = v.value.replace(url, (_m, scheme: string) =>
          theirUrl(theirs.name, theirs.service, scheme),
        );
  }
  return { text: doc.toString({ lineWidth: 0 }), theirs: theirs.name };
}
