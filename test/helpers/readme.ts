/**
 * The `sh` block under a generated README's `## heading`, one command a line, with the trailing
 * `# why` comments off: what the tests run verbatim, as a user would paste it.
 */
export function readmeShellLines(readme: string, heading: string): string[] {
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const block = new RegExp(`## ${escaped}\\n[\\s\\S]*?\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!block) throw new Error(`the README has no "${heading}" block`);
  return block[1]
    .trim()
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim());
}
