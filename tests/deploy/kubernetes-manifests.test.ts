import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { getEnv } from "@/lib/env";
import { KANIKO_RUNNER_PERMISSIONS } from "@/lib/environment/kaniko-runner-permissions";
import { evaluateWorkload } from "@/lib/posture/evaluate-workload";
import { PSS_LEVELS, type PssLevel } from "@/lib/posture/types";
import { buildExecutorArgs } from "@/lib/strategies/kaniko/build-executor-args";
import { buildPodSpec } from "@/lib/strategies/kaniko/build-pod-spec";
import { deriveRbacPermissions, permissionsOfRules, readKanikoSources } from "./derive-kaniko-rbac";
import { findUnknownFields, modelTypeOf } from "./find-unknown-fields";
import { findManifest, KUBERNETES_DIR, listManifestFiles, readManifests, type Manifest } from "./read-manifests";

// The manifests under deploy/kubernetes, checked against the Kubernetes API schemas of the
// kubernetes-models package (JSON schemas generated from the Kubernetes OpenAPI document) and
// against the field lists of @kubernetes/client-node, and against what Buildlab's code needs.

const BUILDLAB_NAMESPACE = "buildlab";
const BUILD_NAMESPACE = "buildlab-builds";

type K8sObject = Manifest["object"];
type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[] };

/** Validates an object with the kubernetes-models class of its apiVersion and kind. */
async function validateWithSchema(object: K8sObject): Promise<void> {
  const group = object.apiVersion.includes("/") ? object.apiVersion : `v1`;
  const models = (await import(/* @vite-ignore */ `kubernetes-models/${group}`)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = models[object.kind];
  if (!Model) throw new Error(`kubernetes-models/${group} has no kind ${object.kind}`);
  new Model(object).validate();
}

/** Tells whether a namespace enforcing `enforced` admits a pod that meets `level`. */
function admits(enforced: PssLevel, level: PssLevel): boolean {
  const order: readonly PssLevel[] = ["privileged", "baseline", "restricted"];
  return order.indexOf(level) >= order.indexOf(enforced);
}

function enforcedLevel(namespace: K8sObject): PssLevel {
  const level = namespace.metadata.labels?.["pod-security.kubernetes.io/enforce"];
  expect(PSS_LEVELS).toContain(level);
  return level as PssLevel;
}

let manifests: Manifest[];

beforeAll(() => {
  manifests = readManifests();
});

describe("deploy/kubernetes manifests", () => {
  it("contain the expected objects", () => {
    const names = manifests.map(({ object }) => `${object.kind}/${object.metadata.name}`).sort();

    expect(names).toEqual([
      "ConfigMap/buildlab-config",
      "Deployment/buildlab",
      `Namespace/${BUILDLAB_NAMESPACE}`,
      `Namespace/${BUILD_NAMESPACE}`,
      "PersistentVolumeClaim/buildlab-data",
      "Role/buildlab-kaniko-runner",
      "RoleBinding/buildlab-kaniko-runner",
      "Secret/buildlab-database",
      "Service/buildlab",
      "ServiceAccount/buildlab",
    ]);
  });

  it("validate against the API schemas", async () => {
    for (const { file, index, object } of manifests) {
      await expect(validateWithSchema(object), `${file} document ${index}`).resolves.toBeUndefined();
    }
  });

  it("have no field unknown to the API", () => {
    for (const { file, index, object } of manifests) {
      expect(findUnknownFields(object, modelTypeOf(object.apiVersion, object.kind)), `${file} document ${index}`).toEqual([]);
    }
  });

  it("put namespaced objects in a namespace they create", () => {
    const namespaces = new Set(manifests.filter(({ object }) => object.kind === "Namespace").map(({ object }) => object.metadata.name));

    for (const { file, object } of manifests) {
      if (object.kind === "Namespace") continue;
      expect(namespaces, `${file}: ${object.kind}/${object.metadata.name}`).toContain(object.metadata.namespace);
    }
  });

  it("are all listed in kustomization.yaml", () => {
    const kustomization = parse(readFileSync(path.join(KUBERNETES_DIR, "kustomization.yaml"), "utf8")) as { resources: string[] };
    const files = listManifestFiles().filter((file) => file !== "kustomization.yaml");

    expect([...kustomization.resources].sort()).toEqual(files);
  });
});

describe("schema and field checks", () => {
  it("reject a wrong type", async () => {
    const deployment = structuredClone(findManifest(manifests, "Deployment", "buildlab")) as K8sObject & { spec: { replicas: unknown } };
    deployment.spec.replicas = "one";

    await expect(validateWithSchema(deployment)).rejects.toThrow(/replicas/);
  });

  it("report a misspelt field", () => {
    const deployment = structuredClone(findManifest(manifests, "Deployment", "buildlab")) as K8sObject & {
      spec: { template: { spec: { containers: Record<string, unknown>[] } } };
    };
    deployment.spec.template.spec.containers[0].readOnlyRootFileSystem = true;

    expect(findUnknownFields(deployment, "V1Deployment")).toEqual(["spec.template.spec.containers[0].readOnlyRootFileSystem"]);
  });
});

describe("build Role", () => {
  it("grants exactly what the Kaniko runner calls", () => {
    const role = findManifest(manifests, "Role", "buildlab-kaniko-runner") as K8sObject & { rules: Rule[] };
    const needed = deriveRbacPermissions(readKanikoSources());

    expect(needed.size).toBeGreaterThan(0);
    expect(needed).toContain("pods create");
    expect([...permissionsOfRules(role.rules)].sort()).toEqual([...needed].sort());
  });

  it("matches the environment probe's list", () => {
    const probed = KANIKO_RUNNER_PERMISSIONS.map((permission) =>
      "subresource" in permission ? `${permission.resource}/${permission.subresource} ${permission.verb}` : `${permission.resource} ${permission.verb}`,
    );

    expect(probed.sort()).toEqual([...deriveRbacPermissions(readKanikoSources())].sort());
  });

  it("names no resource and no wildcard beyond pods", () => {
    const role = findManifest(manifests, "Role", "buildlab-kaniko-runner") as K8sObject & { rules: Rule[] };

    for (const rule of role.rules) {
      expect(rule.verbs).not.toContain("*");
      expect(rule.apiGroups).toEqual([""]);
      for (const resource of rule.resources ?? []) expect(resource).toMatch(/^pods(\/(log|attach))?$/);
    }
  });

  it("lives in the namespace where the runner creates pods", () => {
    const role = findManifest(manifests, "Role", "buildlab-kaniko-runner");
    const config = findManifest(manifests, "ConfigMap", "buildlab-config") as K8sObject & { data: Record<string, string> };

    expect(role.metadata.namespace).toBe(BUILD_NAMESPACE);
    expect(config.data.BUILDLAB_KUBE_NAMESPACE).toBe(BUILD_NAMESPACE);
  });

  it("is bound to Buildlab's service account", () => {
    const binding = findManifest(manifests, "RoleBinding", "buildlab-kaniko-runner") as K8sObject & {
      roleRef: { apiGroup: string; kind: string; name: string };
      subjects: { kind: string; name: string; namespace?: string }[];
    };
    const deployment = findManifest(manifests, "Deployment", "buildlab") as K8sObject & { spec: { template: { spec: { serviceAccountName: string } } } };

    expect(binding.metadata.namespace).toBe(BUILD_NAMESPACE);
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "buildlab-kaniko-runner" });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "buildlab", namespace: BUILDLAB_NAMESPACE }]);
    expect(deployment.spec.template.spec.serviceAccountName).toBe("buildlab");
  });
});

describe("RBAC derivation", () => {
  it("maps client-node calls to permissions", () => {
    const permissions = deriveRbacPermissions([
      { file: "a.ts", text: "await core.createNamespacedSecret({}); await core.readNamespacedPodLog({}); new Exec(config);" },
    ]);

    expect([...permissions].sort()).toEqual(["pods/exec create", "pods/exec get", "pods/log get", "secrets create"]);
  });

  it("rejects a call it cannot map", () => {
    expect(() => deriveRbacPermissions([{ file: "a.ts", text: "const watch = new Watch(config);" }])).toThrow(/Watch/);
    expect(() => deriveRbacPermissions([{ file: "a.ts", text: "config.makeApiClient(AppsV1Api)" }])).toThrow(/AppsV1Api/);
  });
});

describe("Pod Security Standards levels", () => {
  it("admit the Kaniko pod in the build namespace", () => {
    const namespace = findManifest(manifests, "Namespace", BUILD_NAMESPACE);
    const pod = buildPodSpec({
      name: "buildlab-kaniko-check",
      namespace: BUILD_NAMESPACE,
      image: "registry.replace-me.invalid/buildlab/kaniko-executor:v1.25.1",
      args: buildExecutorArgs({
        dockerfilePath: "Dockerfile",
        imageRef: "registry.replace-me.invalid/app:1",
        push: true,
        scenario: "cold",
        cacheRepo: "registry.replace-me.invalid/cache",
        insecureRegistries: [],
        digestPath: "/dev/termination-log",
      }),
      labels: {},
      memoryBytes: 2 * 1024 ** 3,
      cpus: 1,
      deadlineSeconds: 1800,
      registrySecret: "buildlab-registry",
      terminationMessagePath: "/dev/termination-log",
    });

    const { posture } = evaluateWorkload({ kind: "pod", spec: pod }, 0);

    // The executor runs as root, which the restricted level forbids: baseline is the tightest level that admits it.
    expect(posture.pssLevel).toBe("baseline");
    expect(enforcedLevel(namespace)).toBe("baseline");
    expect(admits(enforcedLevel(namespace), posture.pssLevel ?? "privileged")).toBe(true);
  });

  it("admit Buildlab's own pod at restricted", () => {
    const namespace = findManifest(manifests, "Namespace", BUILDLAB_NAMESPACE);
    const deployment = findManifest(manifests, "Deployment", "buildlab") as K8sObject & { spec: { template: unknown } };

    const { posture } = evaluateWorkload({ kind: "pod", spec: deployment.spec.template }, 0);

    expect(posture.pssLevel).toBe("restricted");
    expect(enforcedLevel(namespace)).toBe("restricted");
  });
});

describe("Buildlab Deployment", () => {
  type Container = {
    image: string;
    envFrom: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
    resources: { requests?: Record<string, string>; limits?: Record<string, string> };
    securityContext: Record<string, unknown>;
    startupProbe?: unknown;
    readinessProbe?: { httpGet?: { port: string } };
    livenessProbe?: unknown;
    ports: { name: string; containerPort: number }[];
    volumeMounts: { name: string; mountPath: string }[];
  };
  type PodSpec = {
    securityContext: Record<string, unknown>;
    containers: Container[];
    volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  };

  function podSpec(): PodSpec {
    const deployment = findManifest(manifests, "Deployment", "buildlab") as K8sObject & { spec: { template: { spec: PodSpec } } };
    return deployment.spec.template.spec;
  }

  it("runs one replica and recreates it", () => {
    const deployment = findManifest(manifests, "Deployment", "buildlab") as K8sObject & { spec: { replicas: number; strategy: { type: string } } };

    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.type).toBe("Recreate");
  });

  it("runs as the image's non-root user", () => {
    const spec = podSpec();
    const dockerfile = readFileSync(path.resolve(KUBERNETES_DIR, "../../Dockerfile"), "utf8");
    const imageUser = /^USER (\d+):(\d+)$/m.exec(dockerfile);

    expect(imageUser).not.toBeNull();
    expect(spec.securityContext.runAsNonRoot).toBe(true);
    expect(spec.securityContext.runAsUser).toBe(Number(imageUser![1]));
    expect(spec.securityContext.runAsGroup).toBe(Number(imageUser![2]));
    expect(spec.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
  });

  it("sets resources and probes", () => {
    const [container] = podSpec().containers;

    expect(container.resources.requests?.cpu).toBeDefined();
    expect(container.resources.requests?.memory).toBeDefined();
    expect(container.resources.limits?.memory).toBeDefined();
    expect(container.startupProbe).toBeDefined();
    expect(container.readinessProbe?.httpGet?.port).toBe(container.ports[0].name);
    expect(container.livenessProbe).toBeDefined();
  });

  it("reads its configuration from the ConfigMap and Secret", () => {
    const [container] = podSpec().containers;
    const configMaps = container.envFrom.flatMap((source) => (source.configMapRef ? [source.configMapRef.name] : []));
    const secrets = container.envFrom.flatMap((source) => (source.secretRef ? [source.secretRef.name] : []));
    const secret = findManifest(manifests, "Secret", "buildlab-database") as K8sObject & { stringData: Record<string, string> };

    expect(configMaps).toEqual(["buildlab-config"]);
    expect(secrets).toEqual(["buildlab-database"]);
    expect(Object.keys(secret.stringData).sort()).toEqual(["BUILDLAB_ADMIN_TOKEN", "DATABASE_URL"]);
  });

  it("fails to start until the token is replaced", () => {
    const config = findManifest(manifests, "ConfigMap", "buildlab-config") as K8sObject & { data: Record<string, string> };
    const secret = findManifest(manifests, "Secret", "buildlab-database") as K8sObject & { stringData: Record<string, string> };

    const environment = { NODE_ENV: "production" as const, ...config.data, ...secret.stringData };

    expect(() => getEnv(environment)).toThrow(/BUILDLAB_ADMIN_TOKEN/);
    expect(() => getEnv({ ...environment, BUILDLAB_ADMIN_TOKEN: "0123456789abcdef0123456789abcdef" })).not.toThrow();
  });

  it("mounts writable folders where the image writes", () => {
    const spec = podSpec();
    const [container] = spec.containers;
    const config = findManifest(manifests, "ConfigMap", "buildlab-config") as K8sObject & { data: Record<string, string> };
    const mounts = container.volumeMounts.map((mount) => mount.mountPath).sort();

    expect(mounts).toEqual(["/app/.next/cache", "/tmp", config.data.BUILDLAB_DATA_DIR].sort());
    const data = spec.volumes.find((volume) => volume.name === container.volumeMounts.find((mount) => mount.mountPath === config.data.BUILDLAB_DATA_DIR)?.name);
    expect(data?.persistentVolumeClaim?.claimName).toBe("buildlab-data");
  });

  it("is selected by the Service", () => {
    const service = findManifest(manifests, "Service", "buildlab") as K8sObject & {
      spec: { type: string; selector: Record<string, string>; ports: { targetPort: string }[] };
    };
    const deployment = findManifest(manifests, "Deployment", "buildlab") as K8sObject & {
      spec: { template: { metadata: { labels: Record<string, string> } } };
    };

    expect(service.spec.type).toBe("ClusterIP");
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(service.spec.ports[0].targetPort).toBe(podSpec().containers[0].ports[0].name);
  });
});
