import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import Docker from "dockerode";
import { WebSocketServer } from "ws";
import { stringify } from "yaml";
import { KubeStatusError, notFound, sendJson, sendStatusError } from "./kube-status";
import { matchesLabelSelector, parseLabelSelector } from "./label-selector";
import { createPodLifecycle, kubeTime, LABEL_STAND_IN } from "./pod-lifecycle";
import { podRequests, type StandInNode } from "./schedule-pod";
import { ATTACH_PROTOCOLS, servePodAttach } from "./serve-pod-attach";
import { pickContainer, servePodLog } from "./serve-pod-log";
import type { PodObject, PodRecord, StoredObject } from "./stand-in-types";

export interface KubeStandInOptions {
  docker?: Docker;
  /** Namespaces that exist; creating objects elsewhere fails with NotFound, as on a cluster. */
  namespaces?: string[];
  /** The single node's name, labels and allocatable CPU (cores) and memory (bytes). */
  node?: Partial<StandInNode>;
  /** How long ErrImagePull shows before ImagePullBackOff. */
  imagePullBackOffAfterMs?: number;
}

export interface KubeStandIn {
  /** Base URL, such as http://127.0.0.1:40123. */
  url: string;
  token: string;
  /** A kubeconfig file with the URL and token, for KUBECONFIG. */
  kubeconfigPath: string;
  /** Value of the org.buildlab.kube-stand-in label on this stand-in's Docker containers. */
  instanceId: string;
  node: StandInNode;
  listPods(): PodObject[];
  listSecrets(): StoredObject[];
  listConfigMaps(): StoredObject[];
  /** Docker containers this stand-in created that still exist, running or not. */
  listContainers(): Promise<Docker.ContainerInfo[]>;
  /** Deletes every pod (removing its containers), closes the server and removes the kubeconfig. */
  stop(): Promise<void>;
}

const SUPPORTED_VOLUME_TYPES = ["secret", "configMap", "emptyDir"];
const KINDS: Record<string, "Pod" | "Secret" | "ConfigMap"> = { pods: "Pod", secrets: "Secret", configmaps: "ConfigMap" };

/**
 * Starts a stand-in for the Kubernetes API server on 127.0.0.1 with a random port. It serves the
 * part of core/v1 that Buildlab's Kaniko runner calls (pods with log and attach, Secrets,
 * ConfigMaps, /version) with the JSON shapes and Status errors of a real API server. It runs each
 * pod's containers on the local Docker Engine, so tests reach real containers through the same
 * client code as on a cluster. Test-only: never import it from lib/ or app/.
 */
export async function startKubeStandIn(options: KubeStandInOptions = {}): Promise<KubeStandIn> {
  const docker = options.docker ?? new Docker();
  const instanceId = randomUUID().slice(0, 8);
  const token = randomBytes(24).toString("hex");
  const workDir = await mkdtemp(path.join(os.tmpdir(), "kube-stand-in-"));
  const namespaces = new Set(options.namespaces ?? ["default", "kube-system", "buildlab-builds"]);
  const node: StandInNode = {
    name: options.node?.name ?? "stand-in-node",
    labels: options.node?.labels ?? {
      "kubernetes.io/hostname": options.node?.name ?? "stand-in-node",
      "kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
    },
    cpu: options.node?.cpu ?? os.cpus().length,
    memoryBytes: options.node?.memoryBytes ?? os.totalmem(),
  };

  let resourceVersion = 1000;
  const nextResourceVersion = () => String(++resourceVersion);
  const pods = new Map<string, PodRecord>();
  const stored = { Secret: new Map<string, StoredObject>(), ConfigMap: new Map<string, StoredObject>() };

  const lifecycle = createPodLifecycle({
    docker,
    node,
    instanceId,
    workDir,
    imagePullBackOffAfterMs: options.imagePullBackOffAfterMs ?? 1000,
    pods: () => pods.values(),
    findObject: (kind, namespace, name) => stored[kind].get(`${namespace}/${name}`),
    touch: (record) => {
      record.object.metadata.resourceVersion = nextResourceVersion();
    },
    forget: (record) => {
      const key = `${record.object.metadata.namespace}/${record.object.metadata.name}`;
      if (pods.get(key) === record) pods.delete(key);
    },
  });

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const statusError = error instanceof KubeStatusError ? error : new KubeStatusError("InternalError", (error as Error).message);
      if (!(error instanceof KubeStatusError)) console.error("[kube-stand-in] request failed", error);
      if (response.headersSent) response.destroy();
      else sendStatusError(response, statusError);
    });
  });

  const webSockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => ATTACH_PROTOCOLS.find((protocol) => offered.has(protocol)) ?? false,
  });
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      authenticate(request);
      const url = new URL(request.url ?? "/", "http://stand-in");
      const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/attach$/.exec(url.pathname);
      if (!match) throw new KubeStatusError("NotFound", "the server could not find the requested resource");
      const record = findPod(match[1], match[2]);
      const entry = pickContainer(record, url.searchParams.get("container"));
      const spec = record.object.spec.containers.find((container: { name: string }) => container.name === entry.name);
      const streams = {
        stdin: url.searchParams.get("stdin") === "true",
        stdout: url.searchParams.get("stdout") === "true",
        stderr: url.searchParams.get("stderr") === "true",
        tty: url.searchParams.get("tty") === "true",
      };
      if (!streams.stdin && !streams.stdout && !streams.stderr) {
        throw new KubeStatusError("BadRequest", "you must specify at least 1 of stdin, stdout, stderr");
      }
      if (streams.stdin && spec.stdin !== true) {
        throw new KubeStatusError("BadRequest", `stdin is not enabled for container ${entry.name}; set stdin: true in its spec`);
      }
      const status = record.object.status.containerStatuses.find((candidate) => candidate.name === entry.name)!;
      if (!entry.container || !("running" in status.state)) {
        throw new KubeStatusError("BadRequest", `container ${entry.name} in pod ${record.object.metadata.name} is not running`);
      }

      webSockets.handleUpgrade(request, socket, head, (webSocket) => {
        servePodAttach(webSocket, entry, streams).catch((error: Error) => {
          console.error(`[kube-stand-in] attach to ${record.object.metadata.name} failed: ${error.message}`);
          webSocket.close(1011);
        });
      });
    } catch (error) {
      const statusError = error instanceof KubeStatusError ? error : new KubeStatusError("InternalError", (error as Error).message);
      const body = JSON.stringify(statusError.toStatus());
      socket.end(
        `HTTP/1.1 ${statusError.code} ${STATUS_CODES[statusError.code]}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
  });

  function authenticate(request: IncomingMessage): void {
    if (request.headers.authorization !== `Bearer ${token}`) throw new KubeStatusError("Unauthorized", "Unauthorized");
  }

  function requireNamespace(namespace: string): void {
    if (!namespaces.has(namespace)) throw notFound("namespaces", namespace);
  }

  function findPod(namespace: string, name: string): PodRecord {
    const record = pods.get(`${namespace}/${name}`);
    if (!record) throw notFound("pods", name);
    return record;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    authenticate(request);
    const url = new URL(request.url ?? "/", "http://stand-in");
    const method = request.method ?? "GET";
    const route = url.pathname.replace(/\/$/, "");

    if (route === "/version" && method === "GET") {
      sendJson(response, 200, {
        major: "1",
        minor: "31",
        gitVersion: "v1.31.0-buildlab-stand-in",
        gitCommit: "",
        gitTreeState: "clean",
        buildDate: "",
        goVersion: "",
        compiler: "",
        platform: "linux/amd64",
      });
      return;
    }
    if (route === "/api" && method === "GET") {
      sendJson(response, 200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }] });
      return;
    }
    if (url.searchParams.get("watch") === "true") {
      throw new KubeStatusError("BadRequest", "the Kubernetes stand-in does not serve watches; poll with GET instead");
    }

    const allNamespaces = /^\/api\/v1\/(pods|secrets|configmaps)$/.exec(route);
    if (allNamespaces && method === "GET") {
      sendJson(response, 200, listObjects(allNamespaces[1], undefined, url.searchParams));
      return;
    }

    const namespaceMatch = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(route);
    if (namespaceMatch && method === "GET") {
      requireNamespace(namespaceMatch[1]);
      sendJson(response, 200, {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: namespaceMatch[1], uid: `namespace-${namespaceMatch[1]}`, resourceVersion: "1" },
        spec: { finalizers: ["kubernetes"] },
        status: { phase: "Active" },
      });
      return;
    }

    const collection = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|secrets|configmaps)$/.exec(route);
    if (collection) {
      const [, namespace, resource] = collection;
      // Like a real API server, listing in a namespace that does not exist returns an empty list.
      if (method === "GET") {
        sendJson(response, 200, listObjects(resource, namespace, url.searchParams));
        return;
      }
      if (method === "POST") {
        requireNamespace(namespace);
        const body = await readJson(request);
        const created = resource === "pods" ? await createPod(namespace, body) : createStored(resource, namespace, body);
        sendJson(response, 201, created);
        return;
      }
      throw new KubeStatusError("MethodNotAllowed", `the server does not allow this method on the requested resource`);
    }

    const item = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|secrets|configmaps)\/([^/]+)(?:\/(log))?$/.exec(route);
    if (item) {
      const [, namespace, resource, name, subresource] = item;
      requireNamespace(namespace);
      if (resource === "pods") {
        const record = findPod(namespace, name);
        if (subresource === "log" && method === "GET") {
          await servePodLog(request, response, record, url.searchParams);
          return;
        }
        if (!subresource && method === "GET") {
          sendJson(response, 200, structuredClone(record.object));
          return;
        }
        if (!subresource && method === "DELETE") {
          await readJson(request, true);
          record.object.metadata.deletionTimestamp = kubeTime();
          record.object.metadata.deletionGracePeriodSeconds = Number(url.searchParams.get("gracePeriodSeconds") ?? 30);
          record.object.metadata.resourceVersion = nextResourceVersion();
          const snapshot = structuredClone(record.object);
          void lifecycle.delete(record);
          sendJson(response, 200, snapshot);
          return;
        }
      } else if (!subresource) {
        const kind = resource === "secrets" ? "Secret" : "ConfigMap";
        const object = stored[kind].get(`${namespace}/${name}`);
        if (!object) throw notFound(resource, name);
        if (method === "GET") {
          sendJson(response, 200, object);
          return;
        }
        if (method === "DELETE") {
          stored[kind].delete(`${namespace}/${name}`);
          sendJson(response, 200, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name, kind: resource, uid: object.metadata.uid } });
          return;
        }
      }
      throw new KubeStatusError("MethodNotAllowed", "the server does not allow this method on the requested resource");
    }

    throw new KubeStatusError("NotFound", "the server could not find the requested resource");
  }

  function newMetadata(namespace: string, body: { metadata?: Record<string, unknown> }, resource: string, kind: string) {
    const metadata = (body.metadata ?? {}) as Record<string, unknown> & { name?: string; generateName?: string; namespace?: string };
    if (metadata.namespace && metadata.namespace !== namespace) {
      throw new KubeStatusError("BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
    }
    const name = metadata.name ?? (metadata.generateName ? `${metadata.generateName}${randomBytes(3).toString("hex").slice(0, 5)}` : undefined);
    if (!name) {
      throw new KubeStatusError("Invalid", `${kind} "" is invalid: metadata.name: Required value: name or generateName is required`, { kind: resource });
    }
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
      throw new KubeStatusError("Invalid", `${kind} "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`, { name, kind: resource });
    }
    return {
      ...metadata,
      name,
      namespace,
      uid: randomUUID(),
      resourceVersion: nextResourceVersion(),
      creationTimestamp: kubeTime(),
    };
  }

  function createStored(resource: string, namespace: string, body: Record<string, unknown>): StoredObject {
    const kind = resource === "secrets" ? "Secret" : "ConfigMap";
    const metadata = newMetadata(namespace, body as { metadata?: Record<string, unknown> }, resource, kind);
    const key = `${namespace}/${metadata.name}`;
    if (stored[kind].has(key)) throw new KubeStatusError("AlreadyExists", `${resource} "${metadata.name}" already exists`, { name: metadata.name, kind: resource });

    const object: StoredObject = { ...(body as object), apiVersion: "v1", kind, metadata };
    if (kind === "Secret") {
      // The API server stores stringData as base64 data and never returns stringData.
      const data: Record<string, string> = { ...((body.data as Record<string, string>) ?? {}) };
      for (const [field, value] of Object.entries((body.stringData as Record<string, string>) ?? {})) data[field] = Buffer.from(value).toString("base64");
      delete object.stringData;
      object.data = data;
      object.type = (body.type as string) ?? "Opaque";
    }
    stored[kind].set(key, object);
    return object;
  }

  async function createPod(namespace: string, body: Record<string, unknown>): Promise<PodObject> {
    const metadata = newMetadata(namespace, body as { metadata?: Record<string, unknown> }, "pods", "Pod");
    if (pods.has(`${namespace}/${metadata.name}`)) {
      throw new KubeStatusError("AlreadyExists", `pods "${metadata.name}" already exists`, { name: metadata.name, kind: "pods" });
    }
    const spec = validatePodSpec(metadata.name, body.spec);

    const object: PodObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata,
      spec,
      status: {
        phase: "Pending",
        conditions: [],
        qosClass: qosClass(spec),
        containerStatuses: spec.containers.map((container: { name: string; image: string }) => ({
          name: container.name,
          image: container.image,
          imageID: "",
          ready: false,
          started: false,
          restartCount: 0,
          state: { waiting: { reason: "ContainerCreating" } },
        })),
      },
    };
    const record: PodRecord = { object, containers: new Map(), deleted: false, timers: [] };
    for (const container of spec.containers) record.containers.set(container.name, lifecycle.newContainerRecord(record, container.name));
    pods.set(`${namespace}/${metadata.name}`, record);
    await lifecycle.admit(record);
    return structuredClone(object);
  }

  function listObjects(resource: string, namespace: string | undefined, query: URLSearchParams) {
    const requirements = parseSelectorOrThrow(query.get("labelSelector"));
    const kind = KINDS[resource];
    const source: { metadata: { namespace: string; labels?: Record<string, string> } }[] =
      kind === "Pod" ? [...pods.values()].map((record) => record.object) : [...stored[kind].values()];
    const items = source
      .filter((object) => !namespace || object.metadata.namespace === namespace)
      .filter((object) => matchesLabelSelector(object.metadata.labels, requirements))
      .map((object) => structuredClone(object));
    return { apiVersion: "v1", kind: `${kind}List`, metadata: { resourceVersion: String(resourceVersion) }, items };
  }

  return await new Promise<KubeStandIn>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", async () => {
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      const kubeconfigPath = path.join(workDir, "kubeconfig.yaml");
      await writeFile(kubeconfigPath, kubeconfigFor(url, token, [...namespaces].includes("buildlab-builds") ? "buildlab-builds" : "default"), { mode: 0o600 });

      resolve({
        url,
        token,
        kubeconfigPath,
        instanceId,
        node,
        listPods: () => [...pods.values()].map((record) => structuredClone(record.object)),
        listSecrets: () => [...stored.Secret.values()].map((object) => structuredClone(object)),
        listConfigMaps: () => [...stored.ConfigMap.values()].map((object) => structuredClone(object)),
        listContainers: () => docker.listContainers({ all: true, filters: { label: [`${LABEL_STAND_IN}=${instanceId}`] } }),
        async stop() {
          await Promise.all([...pods.values()].map((record) => lifecycle.delete(record)));
          for (const client of webSockets.clients) client.terminate();
          webSockets.close();
          server.closeAllConnections();
          await new Promise<void>((done) => server.close(() => done()));
          await rm(workDir, { recursive: true, force: true });
        },
      });
    });
  });
}

/**
 * Writes a kubeconfig for a plain-HTTP server with a bearer token. @kubernetes/client-node 2.x
 * rejects an http:// server unless the cluster sets insecure-skip-tls-verify, which has no other
 * effect without TLS.
 */
export function kubeconfigFor(server: string, token: string, namespace: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "kube-stand-in", cluster: { server, "insecure-skip-tls-verify": true } }],
    users: [{ name: "kube-stand-in", user: { token } }],
    contexts: [{ name: "kube-stand-in", context: { cluster: "kube-stand-in", user: "kube-stand-in", namespace } }],
    "current-context": "kube-stand-in",
  });
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function validatePodSpec(name: string, spec: any): any {
  const invalid = (field: string, message: string) =>
    new KubeStatusError("Invalid", `Pod "${name}" is invalid: ${field}: ${message}`, { name, kind: "pods" });

  if (!spec || !Array.isArray(spec.containers) || spec.containers.length === 0) throw invalid("spec.containers", "Required value");
  if (spec.initContainers?.length) throw invalid("spec.initContainers", "Unsupported value: the Kubernetes stand-in runs no init containers");
  const restartPolicy = spec.restartPolicy ?? "Always";
  if (restartPolicy !== "Never") {
    throw invalid("spec.restartPolicy", `Unsupported value: "${restartPolicy}": the Kubernetes stand-in runs pods with restartPolicy Never only`);
  }
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== "name");
    if (!type || !SUPPORTED_VOLUME_TYPES.includes(type)) {
      throw invalid(`spec.volumes[${volume.name}]`, `Unsupported value: the Kubernetes stand-in supports ${SUPPORTED_VOLUME_TYPES.join(", ")} volumes`);
    }
  }

  const names = new Set<string>();
  for (const [index, container] of spec.containers.entries()) {
    if (!container.name) throw invalid(`spec.containers[${index}].name`, "Required value");
    if (!container.image) throw invalid(`spec.containers[${index}].image`, "Required value");
    if (names.has(container.name)) throw invalid(`spec.containers[${index}].name`, `Duplicate value: "${container.name}"`);
    names.add(container.name);
    for (const variable of container.env ?? []) {
      if (variable.valueFrom) throw invalid(`spec.containers[${index}].env[${variable.name}].valueFrom`, "Unsupported value: the Kubernetes stand-in takes literal values only");
    }
    for (const mount of container.volumeMounts ?? []) {
      if (!(spec.volumes ?? []).some((volume: { name: string }) => volume.name === mount.name)) {
        throw invalid(`spec.containers[${index}].volumeMounts[${mount.name}].name`, `Not found: "${mount.name}"`);
      }
    }
    try {
      podRequests({ containers: [container] });
    } catch (error) {
      throw invalid(`spec.containers[${index}].resources`, `Invalid value: ${(error as Error).message}`);
    }
  }

  return {
    dnsPolicy: "ClusterFirst",
    schedulerName: "default-scheduler",
    serviceAccountName: "default",
    terminationGracePeriodSeconds: 30,
    ...spec,
    restartPolicy,
    containers: spec.containers.map((container: any) => ({
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
      imagePullPolicy: /:latest$|^[^:]+$/.test(container.image) ? "Always" : "IfNotPresent",
      ...container,
    })),
  };
}

function qosClass(spec: any): string {
  const containers = spec.containers as { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[];
  const anySet = containers.some((container) => Object.keys({ ...container.resources?.requests, ...container.resources?.limits }).length > 0);
  if (!anySet) return "BestEffort";
  const guaranteed = containers.every((container) => {
    const limits = container.resources?.limits ?? {};
    const requests = { ...limits, ...container.resources?.requests };
    return ["cpu", "memory"].every((resource) => limits[resource] !== undefined && requests[resource] === limits[resource]);
  });
  return guaranteed ? "Guaranteed" : "Burstable";
}

function parseSelectorOrThrow(selector: string | null) {
  try {
    return parseLabelSelector(selector ?? "");
  } catch (error) {
    throw new KubeStatusError("BadRequest", (error as Error).message);
  }
}

async function readJson(request: IncomingMessage, optional = false): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) {
    if (optional) return {};
    throw new KubeStatusError("BadRequest", "the request body is empty; send the object as JSON");
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new KubeStatusError("BadRequest", `the request body is not valid JSON: ${(error as Error).message}`);
  }
}
