/**
 * The RBAC permissions the Kaniko strategy's Kubernetes runner needs in its namespace, as
 * "resource verb" pairs. tests/deploy checks this list against the runner's client-node calls and
 * against the Role in deploy/kubernetes/build-role.yaml.
 */
export const KANIKO_RUNNER_PERMISSIONS = [
  { resource: "pods", verb: "create" },
  { resource: "pods", verb: "get" },
  { resource: "pods", verb: "list" },
  { resource: "pods", verb: "delete" },
  { resource: "pods", subresource: "log", verb: "get" },
  { resource: "pods", subresource: "attach", verb: "get" },
  { resource: "pods", subresource: "attach", verb: "create" },
] as const satisfies readonly { resource: string; subresource?: string; verb: string }[];
