// Helpers for this folder's integration tests; production code does not import this file.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { pack } from "tar-stream";
import { LABEL_APP, LABEL_COMPARISON, LABEL_RUN, LABEL_STRATEGY, type BuildRequest, type RunEvent } from "../types";
import { readSocketDirRunId } from "./create-socket-dir";
import { dindLabelFilter } from "./dind-labels";

export const BUSYBOX_IMAGE = "localhost:5000/buildlab/busybox:lab";
export const REGISTRY_URL = "http://127.0.0.1:5000";

/** Packs files into a tar stream, as a build context. */
export function packContext(files: Record<string, string>): Readable {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) archive.entry({ name, mode: 0o644 }, content);
  archive.finalize();
  // tar-stream 3 packs into a streamx Readable, which Node's stream functions and dockerode accept.
  return archive as unknown as Readable;
}

/** Builds a request for a fresh run, collecting its events. */
export function makeRequest(
  files: Record<string, string>,
  overrides: Partial<BuildRequest> = {},
): BuildRequest & { events: RunEvent[] } {
  const runId = overrides.runId ?? randomUUID();
  const comparisonId = overrides.comparisonId ?? randomUUID();
  const events: RunEvent[] = [];
  return {
    runId,
    comparisonId,
    openContext: () => packContext(files),
    dockerfilePath: "Dockerfile",
    baseImages: [BUSYBOX_IMAGE],
    imageRef: `localhost:5000/buildlab-test/dind:${runId}`,
    push: true,
    mode: "cold",
    scenario: "cold",
    labels: {
      [LABEL_APP]: "buildlab",
      [LABEL_RUN]: runId,
      [LABEL_COMPARISON]: comparisonId,
      [LABEL_STRATEGY]: "dind",
    },
    signal: new AbortController().signal,
    emit: (event) => events.push(event),
    ...overrides,
    events,
  };
}

/** Lists the names of containers and volumes that carry a run's labels. */
export async function listRunResources(outer: Docker, runId: string): Promise<string[]> {
  const filters = { label: dindLabelFilter({ [LABEL_RUN]: runId }) };
  const containers = await outer.listContainers({ all: true, filters });
  const { Volumes: volumes } = await outer.listVolumes({ filters });
  return [...containers.map((container) => `container ${container.Names[0]}`), ...(volumes ?? []).map((volume) => `volume ${volume.Name}`)];
}

// Registry API media types a manifest may have. The registry returns the digest of the one it stores.
const MANIFEST_TYPES = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
].join(", ");

/** Reads the manifest digest the registry stores for a reference such as localhost:5000/repo:tag. */
export async function readRegistryDigest(ref: string): Promise<string | undefined> {
  const { repository, tag } = splitRef(ref);
  const response = await fetch(`${REGISTRY_URL}/v2/${repository}/manifests/${tag}`, {
    method: "HEAD",
    headers: { Accept: MANIFEST_TYPES },
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`HEAD manifest of ${ref} failed with HTTP ${response.status}`);
  return response.headers.get("docker-content-digest") ?? undefined;
}

/** Deletes a pushed manifest from the lab registry, so a test leaves no tags behind. */
export async function deleteFromRegistry(ref: string): Promise<void> {
  const digest = await readRegistryDigest(ref);
  if (!digest) return;
  const { repository } = splitRef(ref);
  const response = await fetch(`${REGISTRY_URL}/v2/${repository}/manifests/${digest}`, { method: "DELETE" });
  if (!response.ok && response.status !== 404) throw new Error(`DELETE manifest of ${ref} failed with HTTP ${response.status}`);
}

function splitRef(ref: string): { repository: string; tag: string } {
  const withoutHost = ref.slice(ref.indexOf("/") + 1);
  const colon = withoutHost.lastIndexOf(":");
  return { repository: withoutHost.slice(0, colon), tag: withoutHost.slice(colon + 1) };
}

/** Builds a small image on the outer engine, with the given Dockerfile lines after FROM `from` (busybox by default). */
export async function buildOuterImage(outer: Docker, tag: string, lines: string[], from = BUSYBOX_IMAGE): Promise<void> {
  const dockerfile = [`FROM ${from}`, ...lines].join("\n");
  const stream = await outer.buildImage(packContext({ Dockerfile: dockerfile }), { t: tag });
  const output = await new Promise<{ error?: string }[]>((resolve, reject) =>
    outer.modem.followProgress(stream, (error: Error | null, result: { error?: string }[]) =>
      error ? reject(error) : resolve(result),
    ),
  );
  const failure = output.find((entry) => entry.error);
  if (failure) throw new Error(`Building ${tag} failed: ${failure.error}`);
}

/**
 * Writes a CA, a server certificate for 127.0.0.1 and a client certificate into `dir`, laid out as
 * BUILDLAB_DIND_TLS_CERT_DIR expects: server/{ca,cert,key}.pem and client/{ca,cert,key}.pem.
 */
export function makeTlsCertificates(dir: string): void {
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  mkdirSync(path.join(dir, "server"), { recursive: true });
  mkdirSync(path.join(dir, "client"), { recursive: true });

  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=buildlab test CA", "-keyout", "ca-key.pem", "-out", "ca.pem");
  const issue = (name: string, subject: string, extensions: string) => {
    writeFileSync(path.join(dir, `${name}.ext`), extensions);
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", `${name}/key.pem`, "-out", `${name}.csr`);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "1", "-extfile", `${name}.ext`, "-out", `${name}/cert.pem`);
    copyFileSync(path.join(dir, "ca.pem"), path.join(dir, name, "ca.pem"));
  };
  issue("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  issue("client", "/CN=buildlab", "extendedKeyUsage=clientAuth\n");
}

/** Finds a TCP port on 127.0.0.1 that nothing listens on at the moment. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Lists the host cgroup folders named `name`, in the v2 tree and in every v1 hierarchy. */
export function listHostCgroups(name: string): string[] {
  const root = "/sys/fs/cgroup";
  const hierarchies = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return [path.join(root, name), ...hierarchies.map((entry) => path.join(root, entry.name, name))].filter((dir) => existsSync(dir));
}

/** Lists the socket folders of a run in the temporary folder, where the strategy makes them. */
export function listSocketDirs(runId: string): string[] {
  return readdirSync(os.tmpdir()).filter((name) => readSocketDirRunId(name) === runId);
}

/** Lists the paths of the unix sockets bound on this machine whose path contains `text`, from /proc/net/unix. */
export function listBoundUnixSockets(text: string): string[] {
  const lines = readFileSync("/proc/net/unix", "utf8").split("\n").slice(1);
  // The path, when there is one, is the eighth field.
  return lines.map((line) => line.trim().split(/\s+/)[7] ?? "").filter((socketPath) => socketPath.includes(text));
}

/** Reads the interface index of the host's docker0, or undefined when there is none. A recreated docker0 gets a new index. */
export function readDocker0Index(): number | undefined {
  const file = "/sys/class/net/docker0/ifindex";
  return existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : undefined;
}
