import { STDLIB_NAMES } from './dependency-modules.js';

// Python's keyword.kwlist and softkwlist: a package with one of these names cannot be imported
// (or reads badly in match statements and type aliases).
export const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type _'.split(
    ' ',
  ),
);

/**
 * Top-level standard library modules of every Python a generated project allows (3.14 adds
 * `annotationlib` and `compression`; 3.11 still has `cgi`): a project package named so shadows
 * them. Generated with the dependency modules (shadow-scan.ts).
 */
export const STDLIB_MODULES = new Set(STDLIB_NAMES);
