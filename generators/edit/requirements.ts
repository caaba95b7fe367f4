/**
 * requirements.txt, edited line by line: comments, options (`-r`, `-e`, `--index-url`), markers,
 * `--hash` continuation lines and the file's line endings are kept. All functions are pure.
 */

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

/** PEP 503 normalisation of a distribution name: lowercase, runs of `-_.` become one `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** PEP 503 name of a PEP 508 requirement string: "Uvicorn[standard]~=0.54" → "uvicorn". "" when it has no name. */
export function requirementName(req: string): string {
  const m = NAME.exec(req);
  return m ? normalizeName(m[1]) : '';
}

/** The line ending a text uses: that of its first line break, else "\n". */
export function eolOf(text: string): string {
  const m = /\r?\n/.exec(text);
  return m ? m[0] : '\n';
}

interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past its content, before the line break. */
  end: number;
  /** Offset of the next line (past the line break; === end on a last line without one). */
  next: number;
  /** The content, with `\`-continued physical lines joined as pip joins them. */
  content: string;
}

const COMMENT = /(^|\s)#[\s\S]*$/;

function physicalLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const re = /\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({
      start,
      end: m.index,
      next: m.index + m[0].length,
      content: text.slice(start, m.index),
    });
    start = m.index + m[0].length;
  }
  if (start < text.length)
    lines.push({ start, end: text.length, next: text.length, content: text.slice(start) });
  return lines;
}

/** Logical lines: a line ending in `\` (and not a comment) continues on the next, as pip reads them. */
function logicalLines(text: string): Line[] {
  const phys = physicalLines(text);
  const out: Line[] = [];
  for (let i = 0; i < phys.length; i++) {
    const first = phys[i];
    let content = '';
    let j = i;
    for (;;) {
      const s = phys[j].content;
      if (s.endsWith('\\') && !COMMENT.test(s) && j + 1 < phys.length) {
        content += s.slice(0, -1);
        j++;
        continue;
      }
      content += s;
      break;
    }
    out.push({ start: first.start, end: phys[j].end, next: phys[j].next, content });
    i = j;
  }
  return out;
}

/** The normalised name a requirements line installs, or undefined (comment, option, path, URL, archive). */
function lineName(content: string): string | undefined {
  let s = content.replace(COMMENT, '').trim();
  if (!s || s.startsWith('-')) return undefined;
  s = s.replace(/\s--[A-Za-z][\s\S]*$/, ''); // per-requirement options: --hash=…, --config-settings …
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*([\s\S]*)$/.exec(s);
  if (!m) return undefined;
  const [, name, rest] = m;
  if (/\.(whl|zip|tar|tgz|tar\.gz|tar\.bz2|tar\.xz)$/i.test(name)) return undefined;
  if (rest && !/^[[(;@<>=!~]/.test(rest)) return undefined; // "https://…", "C:\…", "dir/sub"
  return normalizeName(name);
}

/** The normalised names the file requires, in order, each once. */
export function requirementNames(text: string): string[] {
  const names: string[] = [];
  for (const line of logicalLines(text)) {
    const name = lineName(line.content);
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Appends a requirement line after the last non-empty line (whatever followed it — blank lines,
 * the final line break — stays after it; a file without a final line break gets one), unless a
 * requirement with the same normalised name is already there: then the same text.
 */
export function addRequirement(text: string, requirement: string): string {
  const line = requirement.trim();
  const name = requirementName(line);
  if (!name || /[\r\n]/.test(line))
    throw new Error(`not a requirement: ${JSON.stringify(requirement)}`);
  if (requirementNames(text).includes(name)) return text;
  const eol = eolOf(text);
  let last = text.length;
  while (last > 0 && /\s/.test(text[last - 1])) last--;
  if (last === 0) return line + eol;
  const nl = text.indexOf('\n', last);
  const lineEnd = nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
  const rest = text.slice(lineEnd);
  // A last line ending in a dangling `\` would continue onto the new one: a blank line ends it.
  const lastLine = text.slice(text.lastIndexOf('\n', lineEnd - 1) + 1, lineEnd);
  const gap = lastLine.endsWith('\\') && !COMMENT.test(lastLine) ? eol : '';
  return text.slice(0, lineEnd) + eol + gap + line + (rest === '' ? eol : rest);
}

/** Removes every line (with its continuation lines) requiring that name (normalised). Same text when absent. */
export function removeRequirement(text: string, name: string): string {
  const target = requirementName(name);
  if (!target) return text;
  const lines = logicalLines(text);
  const drop = (l: Line) => lineName(l.content) === target;
  if (!lines.some(drop)) return text;
  let out = lines
    .filter((l) => !drop(l))
    .map((l) => text.slice(l.start, l.next))
    .join('');
  const last = lines[lines.length - 1];
  // The file had no final line break and its last line went: the new last line loses its break too.
  if (last.next === last.end && drop(last)) out = out.replace(/\r?\n$/, '');
  return out;
}
