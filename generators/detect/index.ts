export type {
  AppRef,
  AppSetting,
  Detected,
  DjangoInfo,
  Evidence,
  Layout,
  Manager,
  Overrides,
  ProjectFiles,
  Question,
  ServiceNeed,
} from './types.js';
export { detectProject, NotAPythonProject, parseAppOverride } from './detect.js';
export { readProjectFiles } from './read.js';
export { webSocketIn, webSocketLocation, webSocketPaths } from './websocket.js';
