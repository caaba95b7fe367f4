/** Text laid out for a terminal: the width it has, and paragraphs wrapped to it. */

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes it strips.
const ANSI = /\x1b\[[0-9;]*m/g;

/** Printed width: escape codes take no columns. */
export function visibleLength(s: string): number {
  return s.replace(ANSI, '').length;
}

/** The terminal's width when stdout is one, else 80; never less than 40. */
export function termWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  const cols = stream.isTTY && stream.columns ? stream.columns : 80;
  return Math.max(40, cols);
}

/**
 * Wraps `text` at spaces to `width` columns. The first line starts after `first` (already
 * printed, counted by its visible length); the others are indented by `indent` spaces. A word
 * longer than the line stays whole. No line ends with a space.
 */
export function wrap(text: string, width: number, indent = 0, first = ''): string {
  const lead = /^ */.exec(text)![0];
  const words = text.split(/ +/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = first + lead;
  let len = visibleLength(first) + lead.length;
  let empty = true;
  for (const w of words) {
    const wl = visibleLength(w);
    if (!empty && len + 1 + wl > width) {
      lines.push(line.trimEnd());
      line = ' '.repeat(indent) + w;
      len = indent + wl;
    } else {
      line += (empty ? '' : ' ') + w;
      len += (empty ? 0 : 1) + wl;
    }
    empty = false;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}

/** `label` padded to `column`, then `text` wrapped beside it (a long label gets its own line). */
export function hanging(label: string, text: string, column: number, width: number): string {
  if (!text.trim()) return label.trimEnd();
  if (visibleLength(label.trimEnd()) >= column)
    return `${label.trimEnd()}\n${wrap(text, width, column, ' '.repeat(column))}`;
  return wrap(text, width, column, label + ' '.repeat(column - visibleLength(label)));
}

/** Words of a shell command: split at spaces outside '…' and "…", so a quoted argument stays one. */
function shellWords(cmd: string): string[] {
  // Splits only at whitespace outside quotes, and keeps every character: `'it'\''s'` (sh's
  // quote inside quotes) is one word. A backslash escapes the next character outside single
  // quotes, as in sh; PowerShell's `''` inside quotes reads as two quoted runs side by side.
  const words: string[] = [];
  let word = '';
  let quote = '';
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (quote) {
      if (c === '\\' && quote === '"' && i + 1 < cmd.length) word += c + cmd[++i];
      else {
        word += c;
        if (c === quote) quote = '';
      }
    } else if (/\s/.test(c)) {
      if (word) words.push(word);
      word = '';
    } else if (c === '\\' && i + 1 < cmd.length) word += c + cmd[++i];
    else {
      word += c;
      if (c === "'" || c === '"') quote = c;
    }
  }
  if (word) words.push(word);
  return words;
}

/**
 * A command for a person to paste, broken at spaces to `width` columns: each line but the last
 * ends with the shell's line continuation (` \` in sh, `` ` `` in PowerShell), so the lines paste
 * as one command; the lines after the first are indented by `indent` spaces. Never breaks inside
 * a word or a quoted argument (one longer than the line stays whole).
 */
export function wrapCommand(
  cmd: string,
  width: number,
  indent = 2,
  shell: 'sh' | 'powershell' = 'sh',
): string[] {
  if (cmd.length <= width) return [cmd];
  const cont = shell === 'sh' ? ' \\' : ' `';
  const lines: string[] = [];
  let line = '';
  for (const w of shellWords(cmd)) {
    const next = line ? `${line} ${w}` : w;
    if (line && next.length + cont.length > width && line.trim()) {
      lines.push(line + cont);
      line = ' '.repeat(indent) + w;
    } else line = next;
  }
  lines.push(line);
  return lines;
}
