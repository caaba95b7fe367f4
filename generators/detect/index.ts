export type {
  AppRef,
  Detected,
  DjangoInfo,
  Evidence,
  Layout,
  Manager,
  Overrides,
  ProjectFiles,
  Question,
} from './types.js';
export { detectProject, NotAPythonProject } from './detect.js';
export { readProjectFiles } from './read.js';
export { webSocketIn } from './websocket.js';
