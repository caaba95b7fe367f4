import { parseDockerfile as parse } from '../../scripts/project-facts.mjs';

/** What the tests need from a generated Dockerfile: the final stage's ENV and its exec-form CMD. */
export interface DockerfileFacts {
  env: Record<string, string>;
  cmd: string[];
  user?: string;
  expose?: number;
  workdir?: string;
}

export function parseDockerfile(text: string): DockerfileFacts {
  return parse(text);
}
