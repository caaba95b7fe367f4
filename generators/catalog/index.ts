export * from './types.js';
export { FRAMEWORKS } from './frameworks.js';
export { SERVERS } from './servers.js';
export { VERSIONS, requirement } from './versions.js';
export * from './compat.js';
export { NEEDS, recommend, topStacks, type Need, type Recommendation } from './recommend.js';

/** What a run without answers builds. */
export const DEFAULTS = { framework: 'fastapi', python: '3.13' } as const;
export const PYTHON_VERSIONS = ['3.10', '3.11', '3.12', '3.13', '3.14'] as const;
