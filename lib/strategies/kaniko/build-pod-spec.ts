import type { V1Pod } from "@kubernetes/client-node";

export interface PodSpecInput {
  name: string;
  namespace: string;
  image: string;
  args: string[];
  labels: Record<string, string>;
  memoryBytes: number;
  cpus: number;
  deadlineSeconds: number;
  serviceAccount?: string;
  /** Secret of type kubernetes.io/dockerconfigjson with registry credentials. */
  registrySecret?: string;
  /** Path inside the container for --digest-file; the kubelet reports its content as the termination message. */
  terminationMessagePath: string;
}

export const EXECUTOR_CONTAINER = "executor";
const CREDENTIALS_VOLUME = "registry-credentials";

/**
 * Builds the executor's pod. The executor must run as root and write its own root filesystem, so
 * runAsNonRoot and readOnlyRootFilesystem cannot be set. Everything else is as tight as a build
 * allows: not privileged, no privilege escalation, the runtime's default seccomp profile, no
 * service account token, equal requests and limits, and a deadline.
 */
export function buildPodSpec(input: PodSpecInput): V1Pod {
  const resources = { cpu: `${Math.round(input.cpus * 1000)}m`, memory: toMemoryQuantity(input.memoryBytes) };

  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: input.name, namespace: input.namespace, labels: { ...input.labels } },
    spec: {
      restartPolicy: "Never",
      activeDeadlineSeconds: input.deadlineSeconds,
      ...(input.serviceAccount ? { serviceAccountName: input.serviceAccount } : {}),
      // The executor never calls the Kubernetes API, so it gets no token.
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: { seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: EXECUTOR_CONTAINER,
          image: input.image,
          imagePullPolicy: "IfNotPresent",
          args: input.args,
          // The context arrives on stdin through attach; stdinOnce closes it when the attach ends,
          // which is the end of the context for --context=tar://stdin.
          stdin: true,
          stdinOnce: true,
          tty: false,
          resources: { requests: resources, limits: resources },
          securityContext: { privileged: false, allowPrivilegeEscalation: false },
          terminationMessagePath: input.terminationMessagePath,
          terminationMessagePolicy: "File",
          ...(input.registrySecret
            ? { volumeMounts: [{ name: CREDENTIALS_VOLUME, mountPath: "/kaniko/.docker", readOnly: true }] }
            : {}),
        },
      ],
      ...(input.registrySecret
        ? {
            volumes: [
              {
                name: CREDENTIALS_VOLUME,
                secret: { secretName: input.registrySecret, items: [{ key: ".dockerconfigjson", path: "config.json" }] },
              },
            ],
          }
        : {}),
    },
  };
}

function toMemoryQuantity(bytes: number): string {
  const mebibyte = 1024 * 1024;
  return bytes % mebibyte === 0 ? `${bytes / mebibyte}Mi` : String(bytes);
}
