import * as k from 'kolorist';

interface Stream {
  isTTY?: boolean;
}

/**
 * Whether a stream gets colour: never with NO_COLOR (any non-empty value, no-color.org) or
 * FORCE_COLOR=0, always with another FORCE_COLOR, else only a terminal that is not `dumb`.
 * Decided per stream: `2>err.log` gets no escape codes even when stdout is a terminal.
 */
export function colorOn(stream: Stream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NODE_DISABLE_COLORS || env.TERM === 'dumb') return false;
  return Boolean(stream.isTTY);
}

/**
 * kolorist's switch is global and keyed to stdout: set it from stdout's own decision (everything
 * logged goes there). stderr has its own painter, `errColors`.
 */
export function setupColors(): void {
  const on = colorOn(process.stdout);
  k.options.enabled = on;
  if (on && k.options.supportLevel < 1) k.options.supportLevel = 1;
}

type Paint = (s: string) => string;
const plain: Paint = (s) => `${s}`;

/** Red and dim for stderr, coloured only when stderr itself is a terminal. */
export function errColors(): { red: Paint; dim: Paint; yellow: Paint } {
  if (!colorOn(process.stderr)) return { red: plain, dim: plain, yellow: plain };
  const wrap =
    (open: number, close: number): Paint =>
    (s) =>
      `\x1b[${open}m${s}\x1b[${close}m`;
  return { red: wrap(31, 39), dim: wrap(2, 22), yellow: wrap(33, 39) };
}

/**
 * prompts colours through kleur, which reads only NODE_DISABLE_COLORS and FORCE_COLOR, once, when
 * it is first loaded: this loads prompts with the same decision as the rest of the output.
 */
export async function loadPrompts(): Promise<typeof import('prompts')> {
  const saved = process.env.NODE_DISABLE_COLORS;
  if (!colorOn(process.stdout)) process.env.NODE_DISABLE_COLORS = '1';
  try {
    const mod = (await import('prompts')) as unknown as { default?: typeof import('prompts') };
    return mod.default ?? (mod as unknown as typeof import('prompts'));
  } finally {
    if (saved === undefined) delete process.env.NODE_DISABLE_COLORS;
    else process.env.NODE_DISABLE_COLORS = saved;
  }
}
