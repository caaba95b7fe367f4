/**
 * How to run a project on one's own machine, in an active virtual environment: the one place
 * these steps are written. The CLI's "Next steps" print them; the project README's "Develop"
 * block is meant to render the same list (`developLines`), so the two cannot drift.
 */

/** One step: a variable to set, or a command to run; `what` says why. */
export type DevelopStep = ({ env: string; value: string } | { cmd: string }) & { what: string };

export interface DevelopTarget {
  /** The serve spec's development command (with reload). */
  dev: string;
  /** Django settings that read DJANGO_* from the environment (the ones create-pyweb writes). */
  djangoEnv: boolean;
}

export function developSteps(t: DevelopTarget): DevelopStep[] {
  const steps: DevelopStep[] = [];
  if (t.djangoEnv) {
    // Without it the settings refuse to load (no DJANGO_SECRET_KEY) and redirect to HTTPS.
    steps.push({ env: 'DJANGO_DEBUG', value: '1', what: 'development mode: no secret key needed, no HTTPS redirect' });
    steps.push({ cmd: 'python manage.py migrate', what: 'only the admin needs a database' });
  }
  steps.push({ cmd: t.dev, what: 'develop, with reload' });
  return steps;
}

export type Shell = 'sh' | 'powershell';

/** A step as typed in a shell. */
export function stepLine(step: DevelopStep, shell: Shell = 'sh'): string {
  if ('cmd' in step) return step.cmd;
  return shell === 'sh' ? `export ${step.env}=${step.value}` : `$env:${step.env} = '${step.value}'`;
}

/**
 * The README's Develop block, after the venv lines: each step with its reason as a comment in one
 * column, the last (the server itself) bare.
 */
export function developLines(t: DevelopTarget): string[] {
  const steps = developSteps(t);
  return steps.map((s, i) => (i === steps.length - 1 ? stepLine(s) : `${stepLine(s).padEnd(34)} # ${s.what}`));
}
