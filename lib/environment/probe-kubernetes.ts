import { ApiException, AuthorizationV1Api, VersionApi } from "@kubernetes/client-node";
import { toError } from "../errors";
import { loadKubeConfig as loadKubeConfigDefault, type LoadedKubeConfig } from "../strategies/kaniko/load-kube-config";
import { KANIKO_RUNNER_PERMISSIONS } from "./kaniko-runner-permissions";
import type { ProbeCheck } from "./types";
import { withTimeout } from "./with-timeout";

const API_TIMEOUT_MS = 5000;
const ROLE_FILES = "deploy/kubernetes/namespaces.yaml -f deploy/kubernetes/build-role.yaml";

export interface KubernetesProbeOptions {
  /** A KUBECONFIG value; unset reads ~/.kube/config, then the pod's service account. */
  kubeconfigPath?: string;
  /** Namespace of the Kaniko build pods. */
  namespace: string;
  loadKubeConfig?: (kubeconfigPath?: string) => LoadedKubeConfig | undefined;
}

/**
 * Checks the cluster of the Kaniko strategy's kubernetes mode: the kubeconfig and its current
 * context, and the API server's version. Then SelfSubjectAccessReviews tell whether Buildlab's
 * identity may do in the build namespace what the runner does: create, read and delete pods,
 * read their logs and attach to them.
 */
export async function probeKubernetes(options: KubernetesProbeOptions): Promise<ProbeCheck> {
  const title = "Kubernetes";
  const load = options.loadKubeConfig ?? loadKubeConfigDefault;

  let loaded: LoadedKubeConfig | undefined;
  try {
    loaded = load(options.kubeconfigPath);
  } catch (error) {
    return {
      id: "kubernetes",
      title,
      status: "warning",
      summary: `The kubeconfig ${options.kubeconfigPath ?? "~/.kube/config"} could not be read: ${toError(error).message}.`,
      details: [],
      fix: { description: "Point KUBECONFIG at a valid kubeconfig file and restart Buildlab." },
    };
  }
  if (!loaded) {
    return {
      id: "kubernetes",
      title,
      status: "missing",
      summary: "No kubeconfig: KUBECONFIG is unset, ~/.kube/config does not exist, and Buildlab does not run in a pod. Kaniko builds only in its docker mode.",
      details: [],
      fix: {
        description: "Start Buildlab with KUBECONFIG set to the kubeconfig of a cluster (kind, k3s or managed).",
        command: "KUBECONFIG=/path/to/kubeconfig bash scripts/start.sh",
      },
    };
  }

  const { config, source } = loaded;
  const cluster = config.getCurrentCluster();
  const details = [
    { label: "Kubeconfig", value: source },
    { label: "Context", value: config.getCurrentContext() || "(none)" },
    { label: "Server", value: cluster?.server ?? "(none)" },
    { label: "Build namespace", value: options.namespace },
  ];
  if (!cluster) {
    return {
      id: "kubernetes",
      title,
      status: "warning",
      summary: `The kubeconfig from ${source} has no current context with a cluster.`,
      details,
      fix: { description: "Choose the context of the cluster Buildlab should build in.", command: "kubectl config use-context NAME" },
    };
  }

  let gitVersion: string;
  try {
    gitVersion = (await withTimeout(config.makeApiClient(VersionApi).getCode(), API_TIMEOUT_MS, `GET ${cluster.server}/version`)).gitVersion;
  } catch (error) {
    return {
      id: "kubernetes",
      title,
      status: "unreachable",
      summary: `The API server at ${cluster.server} does not respond: ${describeApiError(error)}.`,
      details,
      fix: { description: `Start the cluster, or correct the server and credentials in ${source}.`, command: "kubectl cluster-info" },
    };
  }
  details.push({ label: "Server version", value: gitVersion });

  const authorization = config.makeApiClient(AuthorizationV1Api);
  const denied: string[] = [];
  try {
    for (const permission of KANIKO_RUNNER_PERMISSIONS) {
      const review = await withTimeout(
        authorization.createSelfSubjectAccessReview({
          body: {
            apiVersion: "authorization.k8s.io/v1",
            kind: "SelfSubjectAccessReview",
            spec: { resourceAttributes: { namespace: options.namespace, ...permission } },
          },
        }),
        API_TIMEOUT_MS,
        "a SelfSubjectAccessReview",
      );
      const name = "subresource" in permission ? `${permission.resource}/${permission.subresource} ${permission.verb}` : `${permission.resource} ${permission.verb}`;
      if (!review.status?.allowed) denied.push(name);
    }
  } catch (error) {
    return {
      id: "kubernetes",
      title,
      status: "warning",
      summary: `Kubernetes ${gitVersion} responds, but checking Buildlab's permissions with a SelfSubjectAccessReview failed: ${describeApiError(error)}.`,
      details,
      fix: { description: "Check the permissions by hand.", command: `kubectl auth can-i create pods --namespace ${options.namespace}` },
    };
  }

  if (denied.length > 0) {
    return {
      id: "kubernetes",
      title,
      status: "warning",
      summary: `Kubernetes ${gitVersion} responds, but Buildlab's identity may not do everything the Kaniko runner does in namespace ${options.namespace}: ${denied.join(", ")} denied.`,
      details: [...details, { label: "Denied", value: denied.join(", ") }],
      fix: {
        description: `Create the build namespace and the Role buildlab-kaniko-runner, then bind the Role to the identity of ${source}. Inside the cluster, kubectl apply -k deploy/kubernetes binds it to the buildlab service account.`,
        command:
          `kubectl apply -f ${ROLE_FILES} && kubectl --namespace ${options.namespace} create rolebinding buildlab-kaniko-runner-user ` +
          `--role=buildlab-kaniko-runner --user="$(kubectl auth whoami -o jsonpath='{.status.userInfo.username}')"`,
      },
    };
  }

  return {
    id: "kubernetes",
    title,
    status: "ok",
    summary: `Kubernetes ${gitVersion} responds, and Buildlab may create build pods in namespace ${options.namespace}.`,
    details: [...details, { label: "Permissions", value: "all that the Kaniko runner uses are allowed" }],
  };
}

function describeApiError(error: unknown): string {
  if (error instanceof ApiException) {
    const body = typeof error.body === "string" ? error.body : JSON.stringify(error.body);
    return `HTTP ${error.code}${body ? `: ${body.slice(0, 200)}` : ""}`;
  }
  return toError(error).message;
}
