import { FRAMEWORKS, SERVERS, findFramework, serversFor } from '../catalog/index.js';
import { CancelledError } from './errors.js';

export interface Answers {
  dir?: string;
  framework?: string;
  server?: string;
}

/** Asks, through a terminal, what flags did not settle. Ctrl-C or Esc throws CancelledError. */
export async function ask(given: Answers): Promise<Answers> {
  const { default: prompts } = await import('prompts');
  const onCancel = () => {
    throw new CancelledError();
  };
  const out: Answers = { ...given };
  if (!out.dir) {
    const r = await prompts({ type: 'text', name: 'dir', message: 'Project name', initial: 'my-service',
      validate: (v: string) => (v.trim() ? true : 'a name is needed') }, { onCancel });
    out.dir = String(r.dir).trim();
  }
  if (!out.framework) {
    const r = await prompts({
      type: 'select', name: 'framework', message: 'Framework',
      choices: FRAMEWORKS.map((f) => ({ title: f.label, value: f.id, description: `${f.style}: ${f.hint}` })),
    }, { onCancel });
    out.framework = r.framework;
  }
  if (!out.server) {
    const fw = findFramework(out.framework!)!;
    const fits = serversFor(fw);
    const r = await prompts({
      type: 'select', name: 'server', message: 'Server',
      choices: fits.map((s, i) => ({ title: i === 0 ? `${s.label} (recommended)` : s.label, value: s.id, description: s.hint })),
    }, { onCancel });
    out.server = r.server;
  }
  return out;
}

export { SERVERS };
