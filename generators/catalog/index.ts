export * from './types.js';
export { FRAMEWORKS } from './frameworks.js';
export { SERVERS } from './servers.js';
export { VERSIONS, requirement } from './versions.js';
export * from './compat.js';
export * from './addons.js';
export * from './since.js';
export {
  NEEDS,
  contradictions,
  recommend,
  topStacks,
  type Need,
  type Recommendation,
} from './recommend.js';

/** What a run without answers builds. */
export const DEFAULTS = { framework: 'fastapi', python: '3.13' } as const;
export const PYTHON_VERSIONS = ['3.11', '3.12', '3.13', '3.14'] as const;
/** Versions users ask for that the pinned packages no longer support, with why. */
export const RETIRED_PYTHONS: Record<string, string> = {
  '3.10': 'Python 3.10 is not supported: generated projects need 3.11 or newer',
};
