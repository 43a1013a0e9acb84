import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const KANIKO_DIR = path.resolve(__dirname, "../../lib/strategies/kaniko");

/** One RBAC permission: a resource (with its subresource) and a verb, such as "pods/log get". */
export type Permission = `${string} ${string}`;

// The RBAC verb that each CoreV1Api method prefix is authorized as.
const METHOD_VERBS: Record<string, string[]> = {
  create: ["create"],
  read: ["get"],
  list: ["list"],
  delete: ["delete"],
  deleteCollection: ["deletecollection"],
  patch: ["patch"],
  replace: ["update"],
};

// The resource that each method's object part names: readNamespacedPodLog reads pods/log.
const METHOD_RESOURCES: Record<string, string> = {
  Pod: "pods",
  PodLog: "pods/log",
  PodStatus: "pods/status",
  Secret: "secrets",
  ConfigMap: "configmaps",
  ServiceAccount: "serviceaccounts",
  PersistentVolumeClaim: "persistentvolumeclaims",
  Event: "events",
};

// Helper classes of client-node that open their own connections. A WebSocket upgrade is an HTTP
// GET, authorized as get, and from Kubernetes 1.35 the API server also requires create.
const HELPER_PERMISSIONS: Record<string, Permission[]> = {
  Log: ["pods/log get"],
  Attach: ["pods/attach get", "pods/attach create"],
  Exec: ["pods/exec get", "pods/exec create"],
  PortForward: ["pods/portforward get", "pods/portforward create"],
};

// API classes whose calls need no namespaced Role: GET /version is allowed to every user by the
// default ClusterRole system:public-info-viewer.
const CLUSTER_WIDE_APIS = new Set(["VersionApi"]);
const NAMESPACED_APIS = new Set(["CoreV1Api"]);

/** Reads the Kaniko strategy's source files, tests excluded, as name and text. */
export function readKanikoSources(): { file: string; text: string }[] {
  return readdirSync(KANIKO_DIR)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .sort()
    .map((file) => ({ file, text: readFileSync(path.join(KANIKO_DIR, file), "utf8") }));
}

/**
 * Derives the RBAC permissions that source code needs in its namespace from the
 * @kubernetes/client-node calls it makes: CoreV1Api methods such as createNamespacedPod, and the
 * Log, Attach, Exec and PortForward helpers. Throws on a client-node call it cannot map, such as a
 * Watch or an API class not listed here, so that a new kind of call is never missed silently.
 */
export function deriveRbacPermissions(sources: readonly { file: string; text: string }[]): Set<Permission> {
  const permissions = new Set<Permission>();

  for (const { file, text } of sources) {
    for (const match of text.matchAll(/\b(create|read|list|deleteCollection|delete|patch|replace)Namespaced([A-Z]\w*?)(WithHttpInfo)?\s*\(/g)) {
      const [, prefix, object] = match;
      const resource = METHOD_RESOURCES[object];
      if (!resource) throw new Error(`${file}: no RBAC resource is known for ${prefix}Namespaced${object}; add it to METHOD_RESOURCES`);
      for (const verb of METHOD_VERBS[prefix]) permissions.add(`${resource} ${verb}`);
    }

    for (const match of text.matchAll(/\b(connect\w+Namespaced\w+|\w+ForAllNamespaces)\s*\(/g)) {
      throw new Error(`${file}: ${match[1]} is not mapped to RBAC permissions; extend deriveRbacPermissions`);
    }

    for (const match of text.matchAll(/\bnew\s+(Log|Attach|Exec|PortForward|Watch|Informer|Cp|Metrics)\s*\(/g)) {
      const helper = HELPER_PERMISSIONS[match[1]];
      if (!helper) throw new Error(`${file}: the client-node helper ${match[1]} is not mapped to RBAC permissions`);
      for (const permission of helper) permissions.add(permission);
    }

    for (const match of text.matchAll(/\bmakeApiClient\(\s*(\w+)\s*\)/g)) {
      const api = match[1];
      if (!CLUSTER_WIDE_APIS.has(api) && !NAMESPACED_APIS.has(api)) {
        throw new Error(`${file}: the client-node API class ${api} is not mapped to RBAC permissions`);
      }
    }
  }
  return permissions;
}

/** Flattens Role rules to permissions, rejecting what a Role for build pods never needs. */
export function permissionsOfRules(rules: readonly { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[] }[]): Set<Permission> {
  const permissions = new Set<Permission>();
  for (const rule of rules) {
    for (const group of rule.apiGroups ?? []) {
      if (group !== "") throw new Error(`the Role grants API group "${group}", but the runner uses only the core group`);
    }
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) permissions.add(`${resource} ${verb}`);
    }
  }
  return permissions;
}
