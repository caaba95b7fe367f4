import type { SourceFile, TemplateSource } from '../../project/render.js';

/**
 * The templates as the page carries them: the same files template-files.ts reads from disk,
 * gathered by generators/web/page-templates.ts into one JSON element of the page. The page's
 * bundle puts page/template-files.ts where template-files.ts would be, so reserved.ts and
 * render.ts read it unchanged.
 */

/** One template: path, text (or base64 bytes for a binary file), executable. */
export type EmbeddedFile = [path: string, content: string | { base64: string }, executable: 0 | 1];

export interface EmbeddedTemplates {
  version: string;
  /** Layer name (layers.ts) → its files. */
  layers: Record<string, EmbeddedFile[]>;
  /** `<add-on id>/<path in its folder>` → text: the add-ons' sections/. */
  addonTexts: Record<string, string>;
}

function bytesOf(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

export function embeddedSource(data: EmbeddedTemplates): TemplateSource {
  const layers = new Map<string, SourceFile[]>();
  return {
    version: data.version,
    files(layer) {
      let files = layers.get(layer);
      if (!files) {
        files = (data.layers[layer] ?? []).map(([path, content, executable]) => {
          const file: SourceFile = {
            path,
            content: typeof content === 'string' ? content : bytesOf(content.base64),
          };
          return executable ? { ...file, executable: true } : file;
        });
        layers.set(layer, files);
      }
      return files;
    },
    addonText(addon, rel) {
      const text = data.addonTexts[`${addon.id}/${rel}`];
      if (text === undefined)
        throw new Error(`the page carries no ${rel} of the ${addon.id} add-on`);
      return text;
    },
  };
}
