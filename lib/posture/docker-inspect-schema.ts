import { z } from "zod";

// The fields of Docker's container inspect output (GET /containers/{id}/json, Engine API 1.41) that the
// posture checks read. Docker writes null for many empty lists, so every field accepts null.

const mountPointSchema = z.object({
  Type: z.string().nullish(),
  Name: z.string().nullish(),
  Source: z.string().nullish(),
  Destination: z.string().nullish(),
  Driver: z.string().nullish(),
  Mode: z.string().nullish(),
  RW: z.boolean().nullish(),
  Propagation: z.string().nullish(),
});

const hostConfigMountSchema = z.object({
  Type: z.string().nullish(),
  Source: z.string().nullish(),
  Target: z.string().nullish(),
  ReadOnly: z.boolean().nullish(),
  BindOptions: z.object({ Propagation: z.string().nullish() }).nullish(),
  VolumeOptions: z.object({ DriverConfig: z.object({ Name: z.string().nullish() }).nullish() }).nullish(),
});

const portBindingSchema = z.object({ HostIp: z.string().nullish(), HostPort: z.string().nullish() });

const deviceSchema = z.object({
  PathOnHost: z.string().nullish(),
  PathInContainer: z.string().nullish(),
  CgroupPermissions: z.string().nullish(),
});

export const dockerInspectSchema = z.object({
  Id: z.string().nullish(),
  Name: z.string().nullish(),
  Platform: z.string().nullish(),
  AppArmorProfile: z.string().nullish(),
  ProcessLabel: z.string().nullish(),
  MountLabel: z.string().nullish(),
  Mounts: z.array(mountPointSchema).nullish(),
  Config: z
    .object({
      User: z.string().nullish(),
      Image: z.string().nullish(),
      ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
      Healthcheck: z.unknown().optional(),
    })
    .nullish(),
  HostConfig: z.object({
    Privileged: z.boolean().nullish(),
    CapAdd: z.array(z.string()).nullish(),
    CapDrop: z.array(z.string()).nullish(),
    SecurityOpt: z.array(z.string()).nullish(),
    NetworkMode: z.string().nullish(),
    PidMode: z.string().nullish(),
    IpcMode: z.string().nullish(),
    UTSMode: z.string().nullish(),
    UsernsMode: z.string().nullish(),
    CgroupParent: z.string().nullish(),
    ReadonlyRootfs: z.boolean().nullish(),
    Binds: z.array(z.string()).nullish(),
    Mounts: z.array(hostConfigMountSchema).nullish(),
    Tmpfs: z.record(z.string(), z.string()).nullish(),
    VolumesFrom: z.array(z.string()).nullish(),
    Devices: z.array(deviceSchema).nullish(),
    DeviceCgroupRules: z.array(z.string()).nullish(),
    Memory: z.number().nullish(),
    NanoCpus: z.number().nullish(),
    CpuQuota: z.number().nullish(),
    CpuShares: z.number().nullish(),
    PidsLimit: z.number().nullish(),
    RestartPolicy: z.object({ Name: z.string().nullish(), MaximumRetryCount: z.number().nullish() }).nullish(),
    PortBindings: z.record(z.string(), z.array(portBindingSchema).nullish()).nullish(),
    PublishAllPorts: z.boolean().nullish(),
    Sysctls: z.record(z.string(), z.string()).nullish(),
    MaskedPaths: z.array(z.string()).nullish(),
    ReadonlyPaths: z.array(z.string()).nullish(),
  }),
});

export type DockerInspect = z.infer<typeof dockerInspectSchema>;
export type DockerHostConfig = DockerInspect["HostConfig"];
