import { UsageError } from './errors.js';
import { FLAGS, type FlagDef } from './flags.js';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** The closest of `candidates` to `word`, when it is close enough to be a typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = editDistance(word.toLowerCase(), c.toLowerCase());
    if (dist < bestD) [best, bestD] = [c, dist];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function unknownFlag(token: string, defs: FlagDef[]): UsageError {
  const names = defs.flatMap((d) => [`--${d.name}`, ...(d.negatable ? [`--no-${d.name}`] : [])]);
  const guess = didYouMean(token.split('=')[0], names);
  return new UsageError(`unknown option ${token}${guess ? `; did you mean ${guess}?` : ''}`, 'see --help for the options');
}

/** Checks a value against the flag's allowed values, with a did-you-mean. */
export function checkValue(def: FlagDef, value: string): string {
  if (!def.values || def.values.includes(value)) return value;
  const refusal = def.refused?.[value];
  if (refusal) throw new UsageError(`${refusal}; choose one of ${def.values.join(', ')}`);
  const guess = didYouMean(value, def.values);
  throw new UsageError(
    `unknown ${def.name} "${value}"${guess ? `; did you mean ${guess}?` : ''}; choose one of ${def.values.join(', ')}`,
  );
}

export function parseArgs(argv: string[], defs: FlagDef[] = FLAGS): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  const byName = new Map(defs.map((d) => [d.name, d]));
  const byAlias = new Map(defs.filter((d) => d.alias).map((d) => [d.alias!, d]));
  const spelled = (def: FlagDef, value: string | boolean) =>
    def.type === 'boolean' ? `--${value ? '' : 'no-'}${def.name}` : `--${def.name} ${value}`;
  const set = (def: FlagDef, value: string | boolean) => {
    if (def.name in flags && flags[def.name] !== value) {
      throw new UsageError(`conflicting options: ${spelled(def, flags[def.name])} and ${spelled(def, value)}`);
    }
    flags[def.name] = value;
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
    let def: FlagDef | undefined;
    let inline: string | undefined;
    let negated = false;
    if (token.startsWith('--')) {
      const [rawName, ...rest] = token.slice(2).split('=');
      inline = rest.length ? rest.join('=') : undefined;
      def = byName.get(rawName);
      if (!def && rawName.startsWith('no-')) {
        def = byName.get(rawName.slice(3));
        if (!def?.negatable) throw unknownFlag(token, defs);
        negated = true;
      }
    } else {
      if (token.length !== 2) throw unknownFlag(token, defs);
      def = byAlias.get(token[1]);
    }
    if (!def) throw unknownFlag(token, defs);
    if (def.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${def.name} takes no value`);
      set(def, !negated);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('-'))) {
        throw new UsageError(`${token} needs a ${def.valueName ?? 'value'}`);
      }
      set(def, checkValue(def, value));
    }
  }
  return { positionals, flags };
}
