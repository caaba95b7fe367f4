/** Dockerfile instructions the deploy proof runs, beyond the CMD and ENV that dockerfile.ts reads. */

function instructions(text: string): { instr: string; rest: string }[] {
  const out: { instr: string; rest: string }[] = [];
  let cur = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (/^\s*#/.test(line)) continue;
    if (line.endsWith('\\')) {
      cur += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (cur + line).trim();
    cur = '';
    if (!full) continue;
    const m = /^(\S+)\s*(.*)$/.exec(full)!;
    out.push({ instr: m[1].toUpperCase(), rest: m[2] });
  }
  return out;
}

function finalStage(text: string) {
  const all = instructions(text);
  const last = all.map((i) => i.instr === 'FROM').lastIndexOf(true);
  return all.slice(last);
}

/** The exec-form command of the final stage's HEALTHCHECK. */
export function healthcheckCommand(text: string): string[] {
  const hc = finalStage(text).find((i) => i.instr === 'HEALTHCHECK');
  if (!hc) throw new Error('the Dockerfile has no HEALTHCHECK');
  const m = /\bCMD\s+(\[.*\])\s*$/.exec(hc.rest);
  if (!m) throw new Error(`the HEALTHCHECK is not in exec form: ${hc.rest}`);
  return JSON.parse(m[1]);
}

/** Shell-form RUN steps of the final stage, other than package installs: what builds the app. */
export function finalBuildSteps(text: string): string[] {
  return finalStage(text)
    .filter((i) => i.instr === 'RUN' && !/\bapt-get\b/.test(i.rest))
    .map((i) => i.rest);
}

/** The final stage's WORKDIR: where `COPY . .` puts the project. */
export function workdir(text: string): string {
  return (
    finalStage(text)
      .filter((i) => i.instr === 'WORKDIR')
      .at(-1)?.rest ?? '/'
  );
}

/** The first stage's instructions (the builder's): what installs the project. */
export function builderStage(text: string): { instr: string; rest: string }[] {
  const all = instructions(text);
  const froms = all.flatMap((i, n) => (i.instr === 'FROM' ? [n] : []));
  return all.slice(froms[0] ?? 0, froms[1] ?? all.length);
}
