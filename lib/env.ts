import { z } from "zod";

// Every setting Buildlab reads from the environment, parsed once and checked.
// Units are in the names: _BYTES, _MS, _SECONDS.
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
  // Docker-in-Docker: the image that runs the inner daemon, and how long to wait for it to answer.
  BUILDLAB_DIND_IMAGE: z.string().default("buildlab/dind:lab"),
  BUILDLAB_DIND_START_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(60),
  // Kaniko: the executor image, and the Kubernetes namespace and service account of build pods.
  BUILDLAB_KANIKO_IMAGE: z.string().default("buildlab/kaniko-executor:lab"),
  BUILDLAB_KUBE_NAMESPACE: z.string().default("buildlab-builds"),
  BUILDLAB_KUBE_SERVICE_ACCOUNT: z.string().optional(),
  KUBECONFIG: z.string().optional(),
});

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
