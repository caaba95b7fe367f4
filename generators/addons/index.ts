import apache from './apache/index.js';
import ci from './ci/index.js';
import compose from './compose/index.js';
import docker from './docker/index.js';
import k8s from './k8s/index.js';
import nginx from './nginx/index.js';
import postgres from './postgres/index.js';
import type { Addon } from './types.js';

/**
 * The add-ons: registering one is its import and its name in this list. The order is the order of the flags, of the deployment question,
 * of the patches, and of the README's sections: an add-on comes after those it needs.
 */
export const ADDONS: readonly Addon[] = [docker, compose, nginx, k8s, apache, ci, postgres];
