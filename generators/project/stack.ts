import { projectNames } from './names.js';
import { type DeployOptions, type Stack, stackOf } from './choices.js';

export * from './choices.js';
export { addons } from './carried.js';
export {
  createdShape,
  INSTALL_METHODS,
  type InstallMethod,
  serveFor,
  type Manager,
  type ProjectShape,
} from './shape.js';

/** The Stack the CLI writes: the folder `dirArg` names, from `cwd`. */
export function buildStack(
  dirArg: string,
  frameworkId: string | undefined,
  serverId: string | undefined,
  deploy?: Partial<DeployOptions>,
  cwd?: string,
): Stack {
  return stackOf(projectNames(dirArg, cwd), frameworkId, serverId, deploy);
}
