import type { Addon, Patch, PatchContext } from './types.js';

/** Where a slot sits in a template: a line of its own, gone from the file once patches ran. */
export function slotLine(slot: string): string {
  return `<!-- create-pyweb:slot ${slot} -->\n`;
}

/**
 * A part of a Markdown file (the README) that an add-on writes: the template `sections/<name>`
 * of its folder, rendered and put before the file's `slot` line, after what earlier add-ons put
 * there (so registration order is the README's order). A section already there is not put
 * twice; one that renders to white space is not put at all.
 */
export function section(file: string, slot: string, template: string): Patch {
  return {
    file,
    async apply(text, ctx) {
      const marker = slotLine(slot);
      const at = text.indexOf(marker);
      if (at < 0) return text;
      const part = await ctx.render(ctx.read(`sections/${template}`));
      if (part.trim() === '' || text.includes(part)) return text;
      return text.slice(0, at) + part + text.slice(at);
    },
  };
}

/**
 * Services (and the volumes they name) an add-on puts into compose.yaml: the compose file
 * `sections/<template>` of its folder, rendered and merged as YAML (generators/edit/yaml.ts:
 * comments and order kept, a service already there left as it is, so applying twice is once).
 */
export function composeServices(template: string): Patch {
  return {
    file: 'compose.yaml',
    async apply(text, ctx) {
      const ours = await ctx.render(ctx.read(`sections/${template}`));
      // The YAML library is loaded only when a patch needs it (scripts/build.mjs bundles it
      // apart): a carried add-on with a compose service makes `create` load it too.
      const { mergeCompose } = await import('../edit/yaml.js');
      return mergeCompose(text, ours)?.text ?? text;
    },
  };
}

/**
 * Runs the patches of the add-ons a project carries over its rendered files (path → text), in
 * registration order, then drops the slot lines: the files come out as if written whole.
 * `read` gives a text of an add-on's own folder (its sections/): from the package on disk
 * (generators/project/template-files.ts) or wherever the templates are.
 */
export async function applyPatches(
  files: Map<string, string>,
  carried: readonly Addon[],
  data: Record<string, unknown>,
  render: (text: string) => Promise<string>,
  read: (addon: Addon, rel: string) => string,
): Promise<void> {
  for (const addon of carried) {
    const ctx: PatchContext = { data, render, read: (rel) => read(addon, rel) };
    for (const patch of addon.patches ?? []) {
      const text = files.get(patch.file);
      if (text !== undefined) files.set(patch.file, await patch.apply(text, ctx));
    }
  }
  for (const [path, text] of files) {
    if (text.includes('<!-- create-pyweb:slot '))
      files.set(path, text.replace(/^<!-- create-pyweb:slot \S+ -->\n/gm, ''));
  }
}
