// Stub: the "base" helper replaces this file (see UPDATE-SPEC.md).
export interface BaseRequest {
  dir: string;
  title: string;
  framework: string;
  server: string;
  python: string;
  addons: string[];
  version: string;
  spec?: string;
}
export interface BaseFiles {
  files: Map<string, string>;
  source: 'package' | 'git';
  detail: string;
}
export class BaseUnavailable extends Error {}
export async function baseFromPackage(_req: BaseRequest): Promise<BaseFiles> {
  throw new BaseUnavailable('not implemented');
}
export async function baseFromGit(_dir: string, _wanted: Map<string, string>): Promise<BaseFiles> {
  throw new BaseUnavailable('not implemented');
}
