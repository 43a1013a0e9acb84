import { z } from "zod";

// Every setting Buildlab reads from the environment, parsed once and checked.
// Units are in the names: _BYTES, _MS, _SECONDS.
// A secret is at least 16 characters, so that a token guessed by trying a few words fails. An empty
// value means unset.
function secretSchema(name: string) {
  const value = z.string().min(16, `${name} must be at least 16 characters; use a random value such as \`openssl rand -hex 24\``);
  return z.preprocess((raw) => (raw === "" ? undefined : raw), value.optional());
}

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  BUILDLAB_DATA_DIR: z.string().default(".data"),
  DOCKER_HOST: z.string().optional(),
  // Registry that results are pushed to and that base images are pulled from in the lab, as host:port.
  BUILDLAB_REGISTRY: z.string().default("localhost:5000"),
  // "true" pushes every result image to BUILDLAB_REGISTRY.
  BUILDLAB_PUSH: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
  // "true" lets the daemon pull base images that are neither local nor in BUILDLAB_REGISTRY.
  // Off by default, so a missing base image fails at once instead of waiting on an unreachable registry.
  BUILDLAB_ALLOW_REMOTE_PULL: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
  BUILDLAB_CONTEXT_MAX_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  BUILDLAB_CONTEXT_MAX_FILES: z.coerce.number().int().positive().default(20_000),
  BUILDLAB_LOG_MAX_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024),
  BUILDLAB_BUILD_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(1800),
  // Memory and CPU limits of every container or pod that builds: the Docker-in-Docker daemon, the
  // Kaniko executor, and the socket strategy's build containers. BUILDLAB_KANIKO_MEMORY_BYTES and
  // BUILDLAB_KANIKO_CPUS, when set, override them for Kaniko.
  BUILDLAB_BUILD_MEMORY_BYTES: z.coerce.number().int().min(6 * 1024 * 1024).default(2 * 1024 * 1024 * 1024),
  BUILDLAB_BUILD_CPUS: z.coerce.number().positive().default(2),
  // Job queue: how many comparisons this process runs at once per strategy. A comparison holds one
  // slot of every strategy it uses until it ends; 0 makes the process take no comparison of that strategy.
  BUILDLAB_CONCURRENCY_SOCKET: z.coerce.number().int().min(0).default(1),
  BUILDLAB_CONCURRENCY_DIND: z.coerce.number().int().min(0).default(1),
  BUILDLAB_CONCURRENCY_KANIKO: z.coerce.number().int().min(0).default(1),
  // Comparisons one submitter (token, user, or the open local dashboard) may have queued or running at once.
  BUILDLAB_MAX_QUEUED_PER_USER: z.coerce.number().int().positive().default(10),
  // Access: the admin may start and cancel builds and share comparisons; the viewer may only watch.
  // Without any of them the dashboard is open, but only to requests addressed to a loopback host.
  BUILDLAB_ADMIN_TOKEN: secretSchema("BUILDLAB_ADMIN_TOKEN"),
  BUILDLAB_VIEWER_TOKEN: secretSchema("BUILDLAB_VIEWER_TOKEN"),
  // Access: a user name and password for the admin's browser login, as an alternative to the token.
  BUILDLAB_ADMIN_USERNAME: z.preprocess((raw) => (raw === "" ? undefined : raw), z.string().trim().min(1).max(200).optional()),
  BUILDLAB_ADMIN_PASSWORD: secretSchema("BUILDLAB_ADMIN_PASSWORD"),
  // Access: how long a browser login lasts.
  BUILDLAB_SESSION_HOURS: z.coerce.number().positive().max(24 * 365).default(12),
  // Start-up cleanup: "all" removes every Buildlab-labelled container, volume and pod that no live run
  // owns; "known-runs" removes only those of runs stored in this database, for several Buildlab
  // installations (or test suites) sharing one Docker Engine.
  BUILDLAB_LEFTOVER_SCOPE: z.enum(["all", "known-runs"]).default("all"),
  // Docker-in-Docker: the image that runs the inner daemon, and how long to wait for it to answer.
  BUILDLAB_DIND_IMAGE: z.string().default("buildlab/dind:lab"),
  BUILDLAB_DIND_START_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(60),
  // Kaniko: the executor image, and the Kubernetes namespace and service account of build pods.
  BUILDLAB_KANIKO_IMAGE: z.string().default("buildlab/kaniko-executor:lab"),
  BUILDLAB_KUBE_NAMESPACE: z.string().default("buildlab-builds"),
  BUILDLAB_KUBE_SERVICE_ACCOUNT: z.string().optional(),
  KUBECONFIG: z.string().optional(),
  // Kaniko: the largest context tar, in bytes, streamed to the executor's stdin (in Kubernetes mode
  // through the API server's attach, where client-node buffers what the socket has not sent yet).
  BUILDLAB_KANIKO_CONTEXT_MAX_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  // Kaniko: memory and CPU limits of the executor (also the pod's requests, so its QoS is Guaranteed).
  // Unset uses BUILDLAB_BUILD_MEMORY_BYTES and BUILDLAB_BUILD_CPUS.
  BUILDLAB_KANIKO_MEMORY_BYTES: z.coerce.number().int().positive().optional(),
  BUILDLAB_KANIKO_CPUS: z.coerce.number().positive().optional(),
  // Kaniko: the executor's own deadline (the pod's activeDeadlineSeconds); unset uses BUILDLAB_BUILD_TIMEOUT_SECONDS.
  BUILDLAB_KANIKO_DEADLINE_SECONDS: z.coerce.number().int().positive().optional(),
  // Kaniko: repository of the layer cache of warm runs, one sub-repository per comparison;
  // unset uses BUILDLAB_REGISTRY/buildlab/kaniko-cache.
  BUILDLAB_KANIKO_CACHE_REPO: z.string().optional(),
  // Kaniko: comma-separated registries (host:port) reached over plain HTTP; unset means
  // BUILDLAB_REGISTRY when it is on localhost or 127.0.0.1, and none otherwise.
  BUILDLAB_KANIKO_INSECURE_REGISTRIES: z.string().optional(),
  // Kubernetes: Secret of type kubernetes.io/dockerconfigjson mounted as the executor's registry credentials.
  BUILDLAB_KUBE_REGISTRY_SECRET: z.string().optional(),
  // Kubernetes: how long a build pod may take to be scheduled and start its container.
  BUILDLAB_KUBE_POD_START_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(300),
})
  .refine((env) => (env.BUILDLAB_ADMIN_USERNAME === undefined) === (env.BUILDLAB_ADMIN_PASSWORD === undefined), {
    message: "set BUILDLAB_ADMIN_USERNAME and BUILDLAB_ADMIN_PASSWORD together, or neither",
    path: ["BUILDLAB_ADMIN_PASSWORD"],
  })
  .transform((env) => ({
    ...env,
    BUILDLAB_KANIKO_MEMORY_BYTES: env.BUILDLAB_KANIKO_MEMORY_BYTES ?? env.BUILDLAB_BUILD_MEMORY_BYTES,
    BUILDLAB_KANIKO_CPUS: env.BUILDLAB_KANIKO_CPUS ?? env.BUILDLAB_BUILD_CPUS,
  }));

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses the environment once; a bad value stops start-up with the variable's name and the reason. */
export function getEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (source === process.env && cached) return cached;

  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid Buildlab configuration: ${problems.join("; ")}`);
  }

  if (source === process.env) cached = parsed.data;
  return parsed.data;
}
