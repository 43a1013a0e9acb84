import type { Env } from "../../env";

/** Label that marks every pod and container the Kaniko strategy creates, so leftovers can be found. */
export const LABEL_KANIKO_ROLE = "org.buildlab.kaniko-role";
export const KANIKO_ROLE_EXECUTOR = "executor";
/** Role of the short-lived container that runs `executor version`. */
export const KANIKO_ROLE_VERSION_PROBE = "version-probe";

/** The Kaniko strategy's configuration, resolved from the environment once, with defaults filled in. */
export interface KanikoSettings {
  executorImage: string;
  /** Registry that results go to, as host:port. */
  registry: string;
  /** Repository under which each comparison gets its own layer cache repository. */
  cacheRepo: string;
  /** Registries (host:port) that the executor reaches over plain HTTP without TLS checks. */
  insecureRegistries: string[];
  contextMaxBytes: number;
  /** Whether the executor may pull base images from registries other than the configured one. */
  allowRemotePull: boolean;
  memoryBytes: number;
  cpus: number;
  deadlineSeconds: number;
  kubeconfigPath?: string;
  namespace: string;
  serviceAccount?: string;
  registrySecret?: string;
  podStartTimeoutSeconds: number;
}

/** Resolves the Kaniko settings from Buildlab's parsed environment. */
export function readKanikoSettings(env: Env): KanikoSettings {
  const insecureRegistries = env.BUILDLAB_KANIKO_INSECURE_REGISTRIES !== undefined
    ? env.BUILDLAB_KANIKO_INSECURE_REGISTRIES.split(",").map((entry) => entry.trim()).filter(Boolean)
    : isLoopbackRegistry(env.BUILDLAB_REGISTRY) ? [env.BUILDLAB_REGISTRY] : [];

  return {
    executorImage: env.BUILDLAB_KANIKO_IMAGE,
    registry: env.BUILDLAB_REGISTRY,
    cacheRepo: env.BUILDLAB_KANIKO_CACHE_REPO ?? `${env.BUILDLAB_REGISTRY}/buildlab/kaniko-cache`,
    insecureRegistries,
    contextMaxBytes: env.BUILDLAB_KANIKO_CONTEXT_MAX_BYTES,
    allowRemotePull: env.BUILDLAB_ALLOW_REMOTE_PULL,
    memoryBytes: env.BUILDLAB_KANIKO_MEMORY_BYTES,
    cpus: env.BUILDLAB_KANIKO_CPUS,
    deadlineSeconds: env.BUILDLAB_KANIKO_DEADLINE_SECONDS ?? env.BUILDLAB_BUILD_TIMEOUT_SECONDS,
    kubeconfigPath: env.KUBECONFIG || undefined,
    namespace: env.BUILDLAB_KUBE_NAMESPACE,
    serviceAccount: env.BUILDLAB_KUBE_SERVICE_ACCOUNT || undefined,
    registrySecret: env.BUILDLAB_KUBE_REGISTRY_SECRET || undefined,
    podStartTimeoutSeconds: env.BUILDLAB_KUBE_POD_START_TIMEOUT_SECONDS,
  };
}

/** Cache repository of one comparison, so that releasing a comparison deletes only its own cache. */
export function cacheRepoForComparison(settings: KanikoSettings, comparisonId: string): string {
  return `${settings.cacheRepo}/${toRepositoryComponent(comparisonId)}`;
}

/** Returns whether a registry host:port is on the loopback interface. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith("[") ? registry.slice(1, registry.indexOf("]")) : registry.split(":")[0];
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Turns an id into a valid name for pods and containers: lowercase letters, digits and dashes, at most 63 characters. */
export function executorNameFor(runId: string): string {
  const safe = runId.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
  return `buildlab-kaniko-${safe}`.slice(0, 63).replace(/-+$/, "");
}

function toRepositoryComponent(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+|[._-]+$/g, "") || "default";
}
