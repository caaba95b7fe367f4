import { UsageError } from './errors.js';
import { FLAGS, type FlagDef } from './flags.js';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

/** Edits from `a` to `b`, a swap of two neighbours counting as one (`gti` is one slip from `git`). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The closest of `candidates` to `word`, when it is close enough to be a typo. A number is never
 * a typo of another number (`3.99` is not a misspelt `3.11`). Leading dashes are not counted in
 * the length: two edits to a three-letter name (`--dir`, `--ci`) are another word, not a slip.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (/^[\d.]+$/.test(word)) return undefined;
  const bare = (s: string) => s.toLowerCase().replace(/^-+/, '');
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = editDistance(bare(word), bare(c));
    if (dist < bestD) [best, bestD] = [c, dist];
  }
  const length = bare(word).length;
  const allowed = length <= 4 ? 1 : Math.max(2, Math.floor(length / 3));
  return best !== undefined && bestD <= allowed ? best : undefined;
}

/** "a value", "an id": the article a noun takes. */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

function unknownFlag(token: string, defs: FlagDef[]): UsageError {
  const names = defs.flatMap((d) => [`--${d.name}`, ...(d.negatable ? [`--no-${d.name}`] : [])]);
  const guess = token.startsWith('--') ? didYouMean(token.split('=')[0], names) : undefined;
  return new UsageError(
    `unknown option ${token}${guess ? `; did you mean ${guess}?` : ''}`,
    'see --help for the options',
  );
}

/**
 * Checks a value against the flag's allowed values, with a did-you-mean. Ids are matched without
 * regard to case (`FLASK` is flask); the value returned is the catalog's spelling.
 */
export function checkValue(def: FlagDef, value: string): string {
  if (!def.values) return value;
  const exact =
    def.values.find((v) => v === value) ??
    def.values.find((v) => v.toLowerCase() === value.toLowerCase());
  if (exact) return exact;
  const choose = `choose one of ${def.values.join(', ')}`;
  const refusal = def.refused?.[value];
  if (refusal) throw new UsageError(refusal, choose);
  const guess = didYouMean(value, def.values);
  throw new UsageError(
    `unknown ${def.name} "${value}"${guess ? `; did you mean ${guess}?` : `; ${choose}`}`,
    guess ? choose : undefined,
  );
}

/**
 * Parses argv against a flag table: `--name value`, `--name=value`, `--no-name`, `-x value`,
 * `-x=value`, `-xvalue`, and short booleans bundled (`-yf flask`, `-yfflask`).
 */
export function parseArgs(argv: string[], defs: FlagDef[] = FLAGS): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  const byName = new Map(defs.map((d) => [d.name, d]));
  const byAlias = new Map(defs.filter((d) => d.alias).map((d) => [d.alias!, d]));
  const spelled = (def: FlagDef, value: string | boolean) =>
    def.type === 'boolean' ? `--${value ? '' : 'no-'}${def.name}` : `--${def.name} ${value}`;
  const set = (def: FlagDef, value: string | boolean) => {
    if (def.name in flags && flags[def.name] !== value) {
      throw new UsageError(
        `conflicting options: ${spelled(def, flags[def.name])} and ${spelled(def, value)}`,
      );
    }
    flags[def.name] = value;
  };
  const needsValue = (token: string, def: FlagDef) => {
    const what = def.valueName ?? 'value';
    return new UsageError(
      `${token} needs ${withArticle(what)}${def.values ? `: one of ${def.values.join(', ')}` : ''}`,
    );
  };
  /** A string flag's value: inline, else the next argument (which may not look like an option). */
  const takeValue = (
    token: string,
    def: FlagDef,
    inline: string | undefined,
    i: number,
  ): [string, number] => {
    if (inline !== undefined) {
      if (inline === '') throw needsValue(token, def);
      return [inline, i];
    }
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && next !== '-')) throw needsValue(token, def);
    return [next, i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    if (token.startsWith('--')) {
      const [rawName, ...rest] = token.slice(2).split('=');
      const inline = rest.length ? rest.join('=') : undefined;
      let def = byName.get(rawName);
      let negated = false;
      if (!def && rawName.startsWith('no-')) {
        def = byName.get(rawName.slice(3));
        if (!def?.negatable) throw unknownFlag(token, defs);
        negated = true;
      }
      if (!def) throw unknownFlag(token, defs);
      if (def.type === 'boolean') {
        if (inline !== undefined) throw new UsageError(`--${def.name} takes no value`);
        set(def, !negated);
      } else {
        if (negated) throw unknownFlag(token, defs);
        const [value, at] = takeValue(`--${def.name}`, def, inline, i);
        i = at;
        set(def, checkValue(def, value));
      }
      continue;
    }
    // Short options: booleans may be bundled; a value option ends the bundle and takes the rest.
    const body = token.slice(1);
    // `-framework` would read as `-f ramework`: a long name after one dash is a slip, not a bundle.
    const long = body.split('=')[0];
    if (byName.has(long) || (long.startsWith('no-') && byName.get(long.slice(3))?.negatable))
      throw new UsageError(`unknown option -${long}; did you mean --${long}?`);
    for (let j = 0; j < body.length; j++) {
      const def = byAlias.get(body[j]);
      if (!def)
        throw unknownFlag(
          j === 0 && body.length === 1 ? token : `-${body[j]}${j ? ` (in ${token})` : ''}`,
          defs,
        );
      if (def.type === 'boolean') {
        if (body[j + 1] === '=') throw new UsageError(`-${def.alias} takes no value`);
        set(def, true);
        continue;
      }
      const rest = body.slice(j + 1);
      const [value, at] = takeValue(
        `-${def.alias}`,
        def,
        rest === '' ? undefined : rest.replace(/^=/, ''),
        i,
      );
      i = at;
      set(def, checkValue(def, value));
      break;
    }
  }
  return { positionals, flags };
}
