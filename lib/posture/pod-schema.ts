import { z } from "zod";

// The fields of a Kubernetes core/v1 Pod that the posture checks read. The same field names come from
// the API server's JSON and from @kubernetes/client-node's V1Pod objects.

const seccompProfileSchema = z.object({ type: z.string().nullish(), localhostProfile: z.string().nullish() });
const appArmorProfileSchema = z.object({ type: z.string().nullish(), localhostProfile: z.string().nullish() });
const seLinuxOptionsSchema = z.object({
  user: z.string().nullish(),
  role: z.string().nullish(),
  type: z.string().nullish(),
  level: z.string().nullish(),
});
const windowsOptionsSchema = z.object({ hostProcess: z.boolean().nullish() });

const containerSecurityContextSchema = z.object({
  privileged: z.boolean().nullish(),
  allowPrivilegeEscalation: z.boolean().nullish(),
  capabilities: z.object({ add: z.array(z.string()).nullish(), drop: z.array(z.string()).nullish() }).nullish(),
  runAsNonRoot: z.boolean().nullish(),
  runAsUser: z.number().nullish(),
  readOnlyRootFilesystem: z.boolean().nullish(),
  seccompProfile: seccompProfileSchema.nullish(),
  appArmorProfile: appArmorProfileSchema.nullish(),
  seLinuxOptions: seLinuxOptionsSchema.nullish(),
  procMount: z.string().nullish(),
  windowsOptions: windowsOptionsSchema.nullish(),
});

const podSecurityContextSchema = z.object({
  runAsNonRoot: z.boolean().nullish(),
  runAsUser: z.number().nullish(),
  seccompProfile: seccompProfileSchema.nullish(),
  appArmorProfile: appArmorProfileSchema.nullish(),
  seLinuxOptions: seLinuxOptionsSchema.nullish(),
  sysctls: z.array(z.object({ name: z.string(), value: z.string().nullish() })).nullish(),
  windowsOptions: windowsOptionsSchema.nullish(),
});

const handlerSchema = z.object({
  httpGet: z.object({ host: z.string().nullish() }).nullish(),
  tcpSocket: z.object({ host: z.string().nullish() }).nullish(),
});

const containerSchema = z.object({
  name: z.string(),
  image: z.string().nullish(),
  securityContext: containerSecurityContextSchema.nullish(),
  ports: z.array(z.object({ containerPort: z.number().nullish(), hostPort: z.number().nullish() })).nullish(),
  resources: z
    .object({
      limits: z.record(z.string(), z.union([z.string(), z.number()])).nullish(),
      requests: z.record(z.string(), z.union([z.string(), z.number()])).nullish(),
    })
    .nullish(),
  livenessProbe: handlerSchema.nullish(),
  readinessProbe: handlerSchema.nullish(),
  startupProbe: handlerSchema.nullish(),
  lifecycle: z.object({ postStart: handlerSchema.nullish(), preStop: handlerSchema.nullish() }).nullish(),
});

export const podSpecSchema = z.object({
  hostNetwork: z.boolean().nullish(),
  hostPID: z.boolean().nullish(),
  hostIPC: z.boolean().nullish(),
  hostUsers: z.boolean().nullish(),
  automountServiceAccountToken: z.boolean().nullish(),
  serviceAccountName: z.string().nullish(),
  securityContext: podSecurityContextSchema.nullish(),
  containers: z.array(containerSchema),
  initContainers: z.array(containerSchema).nullish(),
  ephemeralContainers: z.array(containerSchema).nullish(),
  // Each volume is its name plus one key naming its type, such as { name: "ctx", emptyDir: {} }.
  volumes: z.array(z.looseObject({ name: z.string() })).nullish(),
});

export const podSchema = z.object({
  metadata: z
    .object({
      name: z.string().nullish(),
      namespace: z.string().nullish(),
      annotations: z.record(z.string(), z.string()).nullish(),
    })
    .nullish(),
  spec: podSpecSchema,
});

export type Pod = z.infer<typeof podSchema>;
export type PodSpec = Pod["spec"];
export type PodContainer = PodSpec["containers"][number];
