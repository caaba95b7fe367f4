/**
 * The parts of generated Kubernetes manifests and resolved compose models that the tests read.
 * Parsed YAML and JSON carry no types of their own: these say what a test expects to find, and the
 * test's assertions check it.
 */

export interface Probe {
  httpGet?: { path?: string; port?: string | number };
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

export interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type: string };
}

export interface Container {
  image?: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string | number; valueFrom?: { secretKeyRef?: unknown } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
  lifecycle?: { preStop?: { exec?: { command?: string[] } } };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}

export interface PodSpec {
  containers: Container[];
  securityContext?: SecurityContext;
  volumes?: { name: string; emptyDir?: { sizeLimit?: string } }[];
  terminationGracePeriodSeconds?: number;
}

interface Meta {
  name: string;
  labels?: Record<string, string>;
}

/** One document of deploy/k8s: its kind says which of the optional parts it has. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  data?: Record<string, string>;
  spec?: unknown;
}

export interface Deployment extends K8sObject {
  spec: {
    strategy?: {
      type?: string;
      rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string };
    };
    template: { metadata: Meta; spec: PodSpec };
  };
}

export interface Service extends K8sObject {
  spec: {
    type: string;
    selector: Record<string, string>;
    ports: { name: string; targetPort: string | number }[];
  };
}

export interface Ingress extends K8sObject {
  spec: { rules: { http: { paths: { backend: { service: unknown } }[] } }[] };
}

export interface HorizontalPodAutoscaler extends K8sObject {
  spec: { scaleTargetRef: unknown; metrics: { resource: { name: string } }[] };
}

/** A service of `docker compose config --format json`. */
export interface ComposeService {
  build?: unknown;
  command?: string[] | null;
  entrypoint?: string[] | null;
  ports?: { target: number; published: string; host_ip?: string }[];
  volumes?: { source: string }[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] };
  stop_grace_period?: string;
  environment?: Record<string, string>;
}

export interface ComposeModel {
  services: Record<string, ComposeService>;
}
