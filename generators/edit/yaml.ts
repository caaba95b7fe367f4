/**
 * A compose file of the user's, with create-pyweb's services merged in: what `add compose` does
 * to a docker-compose.yml it did not write, rather than writing a second file that Compose would
 * prefer to it. Pure and idempotent: text in, text out.
 *
 * The merge is decided on the YAML Document (the `yaml` package, which keeps comments, order and
 * anchors), then written by splicing the new entries into the user's text, so that every byte
 * of theirs stays as it was. Where the splice would not read back as the merged document (a flow
 * mapping, say), the Document is written out whole instead: comments and order still kept.
 */
import { Document, isMap, isScalar, parseDocument, type Pair, YAMLMap } from 'yaml';
import { eolOf } from './requirements.js';

export interface ComposeMerge {
  /** The file with our services added (the text given, unchanged, when nothing is added). */
  text: string;
  /** Our services the file did not have, now in it. */
  added: string[];
  /** Our services the file already has under the same name: its own are kept as they are. */
  kept: string[];
  /** Services still as create-pyweb wrote them (`previous`), replaced by ours now. */
  updated: string[];
  /** The file's other services that build this folder: likely the app, which `app` now runs too. */
  buildsHere: string[];
  /**
   * URLs in our added services' environment to a service the file keeps its own of (the app's
   * DATABASE_URL to their db): ours name our service's user, password and database, not theirs.
   */
  urlsToKept: { service: string; variable: string; host: string }[];
}

/** Top-level mappings whose entries are merged one by one; `services` first. */
const MERGED = ['services', 'volumes', 'networks', 'configs', 'secrets'];

function commentOf(node: unknown): string | undefined {
  return (node as { commentBefore?: string | null } | undefined)?.commentBefore ?? undefined;
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** The names of a compose file's services; undefined when it is not a compose mapping. */
export function serviceNames(text: string): string[] | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const services = doc.get('services', true);
  return isMap(services) ? services.items.map((p) => keyOf(p as Pair)) : [];
}

/** A service that builds the compose file's own folder: `build: .` or `build: {context: .}`. */
function buildsThisFolder(service: unknown): boolean {
  if (!isMap(service)) return false;
  const build = service.get('build', true);
  const context = isMap(build) ? build.get('context', true) : build;
  return isScalar(context) && ['.', './', ''].includes(String(context.value ?? ''));
}

/**
 * Merges the services (and the volumes, networks ... they name) of `ours`, a compose file as
 * create-pyweb writes it, into `user`. A service the user has under the same name is never
 * touched, unless it is still as create-pyweb wrote it in `previous` (its compose file before this
 * add: the server was switched, say): that one becomes ours now. Returns undefined when `user` is not a compose file it can edit (not YAML, or not a
 * mapping, or several documents).
 */
export function mergeCompose(
  user: string,
  ours: string,
  previous?: string,
): ComposeMerge | undefined {
  const doc = parseDocument(user);
  if (doc.errors.length) return undefined;
  if (doc.contents === null) doc.contents = new YAMLMap() as never;
  if (!isMap(doc.contents)) return undefined;
  const ourDoc = parseDocument(ours);
  if (ourDoc.errors.length || !isMap(ourDoc.contents)) return undefined;

  const mineJs = doc.toJS() ?? {};
  const ourServices = ourDoc.get('services', true);
  if (isMap(ourServices))
    for (const pair of ourServices.items)
      waitOnlyForStart(pair.value, ourDoc.toJS().services, mineJs.services);
  const oursJs = ourDoc.toJS();
  const previousJs = previous === undefined ? undefined : parseDocument(previous).toJS();
  const result: ComposeMerge = {
    text: user,
    added: [],
    kept: [],
    updated: [],
    buildsHere: [],
    urlsToKept: [],
  };
  const splices: Splice[] = [];
  for (const key of MERGED) {
    const theirs = ourDoc.get(key, true);
    if (!isMap(theirs)) continue;
    let mine = doc.get(key, true);
    const before = mine;
    const made = mine === undefined || mine === null || (isScalar(mine) && mine.value === null);
    if (made) {
      mine = new YAMLMap();
      doc.set(key, mine);
    }
    if (!isMap(mine)) return undefined;
    const fresh: Pair[] = [];
    for (const pair of theirs.items) {
      const name = keyOf(pair as Pair);
      if (mine.has(name)) {
        // One the same as ours is ours, from an add before: nothing to say.
        const json = JSON.stringify(mineJs[key]?.[name]);
        if (json === JSON.stringify(oursJs[key]?.[name]) || key !== 'services') continue;
        if (previousJs && json === JSON.stringify(previousJs[key]?.[name])) {
          mine.set(name, (pair as Pair).value);
          splices.push({ key, replace: name, value: (pair as Pair).value });
          result.updated.push(name);
        } else result.kept.push(name);
        continue;
      }
      // A volume of ours that only a service of ours the file keeps its own of would use (the
      // user's db, say) is not brought: nothing would mount it.
      if (
        key === 'volumes' &&
        !volumesOf(oursJs.services, [...result.added, ...result.updated]).has(name)
      )
        continue;
      fresh.push(pair as Pair);
      if (key === 'services') result.added.push(name);
    }
    if (key === 'services') {
      result.urlsToKept = urlsTo(oursJs.services, result.added, result.kept);
      for (const pair of mine.items) {
        const name = keyOf(pair as Pair);
        if (!theirs.has(name) && buildsThisFolder((pair as Pair).value))
          result.buildsHere.push(name);
      }
    }
    if (!fresh.length) {
      // A block made for entries that all stayed out is not made.
      if (made) before === undefined ? doc.delete(key) : doc.set(key, before);
      continue;
    }
    // The first service added carries the headline of our file (what it runs, and where).
    const headline = ourDoc.commentBefore ?? commentOf(ourDoc.contents.items[0]?.key);
    if (key === 'services' && headline) {
      const first = fresh[0].key as { commentBefore?: string | null };
      first.commentBefore = [headline, first.commentBefore].filter(Boolean).join('\n');
    }
    for (const pair of fresh) mine.add(pair);
    splices.push({ key, pairs: fresh });
  }
  if (!splices.length) return result;

  const merged = JSON.stringify(doc.toJS());
  const spliced = spliceAll(user, splices);
  result.text =
    spliced !== undefined && sameAs(spliced, merged) ? spliced : withEol(doc.toString(), user);
  return result;
}

/**
 * A service of ours that waits for one the file has (the user's, kept) to be healthy waits for it
 * to start instead where our test of its health is compose's (the image has none: postgres) and
 * theirs has none: `service_healthy` would stop `docker compose up`. One whose image tests itself
 * (the app's HEALTHCHECK) is still waited for.
 */
function waitOnlyForStart(
  service: unknown,
  ours: Record<string, unknown> | undefined,
  theirs: Record<string, unknown> | undefined,
): void {
  if (!isMap(service)) return;
  const deps = service.get('depends_on', true);
  if (!isMap(deps)) return;
  for (const dep of deps.items) {
    const name = keyOf(dep as Pair);
    const condition = (dep as Pair).value;
    const composeTests = Boolean(
      (ours?.[name] as { healthcheck?: { test?: unknown } } | undefined)?.healthcheck?.test,
    );
    if (!composeTests || !theirs?.[name] || !isMap(condition) || hasHealthcheck(theirs[name]))
      continue;
    if (condition.get('condition') !== 'service_healthy') continue;
    condition.set('condition', 'service_started');
    const key = (dep as Pair).key as { commentBefore?: string | null };
    key.commentBefore = ` Your ${name} has no healthcheck: started is all compose can wait for.`;
  }
}

/** The environment values of `added` that are URLs with credentials to a `kept` service. */
function urlsTo(
  services: Record<string, { environment?: unknown }> | undefined,
  added: string[],
  kept: string[],
): ComposeMerge['urlsToKept'] {
  const out: ComposeMerge['urlsToKept'] = [];
  for (const service of added) {
    const env = services?.[service]?.environment;
    if (!env || typeof env !== 'object' || Array.isArray(env)) continue;
    for (const [variable, value] of Object.entries(env)) {
      const host = /^\w[\w+.-]*:\/\/[^/@\s]*@([\w.-]+)[:/]/.exec(String(value))?.[1];
      if (host && kept.includes(host)) out.push({ service, variable, host });
    }
  }
  return out;
}

/** A compose service (as JS) with a healthcheck of its own or through a merge key (`<<`). */
function hasHealthcheck(service: unknown): boolean {
  if (!service || typeof service !== 'object') return false;
  const s = service as Record<string, unknown>;
  const hc = s.healthcheck as { disable?: boolean } | undefined;
  if (hc) return !hc.disable;
  const merged = s['<<'];
  return (Array.isArray(merged) ? merged : [merged]).some(
    (m) => m !== service && hasHealthcheck(m),
  );
}

/** The named volumes these services mount (`name:/path` or `{source: name}`). */
function volumesOf(services: Record<string, unknown> | undefined, names: string[]): Set<string> {
  const used = new Set<string>();
  for (const name of names) {
    const mounts = (services?.[name] as { volumes?: unknown[] } | undefined)?.volumes ?? [];
    for (const m of mounts) {
      const source = typeof m === 'string' ? m.split(':')[0] : (m as { source?: string })?.source;
      if (source && !source.startsWith('.') && !source.startsWith('/')) used.add(source);
    }
  }
  return used;
}

type Splice = { key: string; pairs: Pair[] } | { key: string; replace: string; value: unknown };

function sameAs(text: string, mergedJson: string): boolean {
  const d = parseDocument(text);
  return !d.errors.length && JSON.stringify(d.toJS()) === mergedJson;
}

function withEol(text: string, like: string): string {
  const eol = eolOf(like);
  return eol === '\n' ? text : text.replace(/\r?\n/g, eol);
}

/** The user's text with each set of new entries written at the end of its block. */
function spliceAll(user: string, splices: Splice[]): string | undefined {
  let text = user;
  for (const s of splices) {
    const next =
      'pairs' in s
        ? spliceInto(text, s.key, s.pairs)
        : replaceValue(text, s.key, s.replace, s.value);
    if (next === undefined) return undefined;
    text = next;
  }
  return text;
}

/**
 * Writes `pairs` after the last indented line of the top-level block `key` (so that a comment at
 * column 0 below it, which introduces what follows, stays with what follows), at the indentation
 * of the block's own entries; or, where the file has no such block, as a new one at its end.
 */
function spliceInto(text: string, key: string, pairs: Pair[]): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const eol = eolOf(text);
  const block = doc.get(key, true);
  const render = (indent: number) => {
    const map = new YAMLMap();
    for (const p of pairs) map.add(p);
    const out = new Document(map).toString({ indent, lineWidth: 0, flowCollectionPadding: false });
    return out.replace(/\n$/, '').split('\n');
  };
  if (block === undefined) {
    if (doc.has(key)) return undefined;
    const body = render(2).map((l) => (l ? `  ${l}` : l));
    const sep = text === '' ? '' : text.endsWith('\n') ? eol : eol + eol;
    return `${text}${sep}${[`${key}:`, ...body].join(eol)}${eol}`;
  }
  if (!isMap(block) || block.flow || !block.items.length || !block.range) return undefined;
  const first = block.items[0].key as { range?: [number, number, number] };
  if (!first.range) return undefined;
  const indent = first.range[0] - (text.lastIndexOf('\n', first.range[0] - 1) + 1);
  if (indent < 1) return undefined;
  // The end of the last indented, non-blank line within the block.
  let at = -1;
  let pos = first.range[0] - indent;
  while (pos < block.range[2]) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end).replace(/\r$/, '');
    if (/^[ \t]+\S/.test(line)) at = end;
    if (nl === -1) break;
    pos = nl + 1;
  }
  if (at < 0) return undefined;
  const lineEnd = text[at - 1] === '\r' ? at - 1 : at;
  const body = render(indent).map((l) => (l ? `${' '.repeat(indent)}${l}` : l));
  // Services are a paragraph each; a volume is a line.
  const gap = key === 'services' ? eol + eol : eol;
  return `${text.slice(0, lineEnd)}${gap}${body.join(eol)}${text.slice(lineEnd)}`;
}

/** The block mapping of `key`.`name` rewritten as `value`, at the indentation it has. */
function replaceValue(text: string, key: string, name: string, value: unknown): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length) return undefined;
  const block = doc.getIn([key, name], true);
  if (!isMap(block) || block.flow || !block.range || !isMap(value)) return undefined;
  const start = text.lastIndexOf('\n', block.range[0] - 1) + 1;
  const indent = block.range[0] - start;
  if (indent < 1 || text.slice(start, block.range[0]).trim()) return undefined;
  let end = -1;
  let pos = start;
  while (pos < block.range[2]) {
    const nl = text.indexOf('\n', pos);
    const stop = nl === -1 ? text.length : nl;
    const line = text.slice(pos, stop).replace(/\r$/, '');
    const lead = line.length - line.trimStart().length;
    if (line.trim() && lead >= indent) end = text[stop - 1] === '\r' ? stop - 1 : stop;
    if (nl === -1) break;
    pos = nl + 1;
  }
  if (end < 0) return undefined;
  const eol = eolOf(text);
  const body = new Document(value)
    .toString({
      indent: Math.max(1, Math.round(indent / 2)),
      lineWidth: 0,
      flowCollectionPadding: false,
    })
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l ? `${' '.repeat(indent)}${l}` : l));
  return `${text.slice(0, start)}${body.join(eol)}${text.slice(end)}`;
}
