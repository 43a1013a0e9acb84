import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { BuildlabError } from "../errors";
import { createDigestHash } from "./create-digest-verifier";
import { isLoopbackHost, type ImageLocation } from "./parse-image-ref";
import type { RegistryOptions } from "./types";

export const MANIFEST_MEDIA_TYPES = {
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
} as const;

// Registries must accept manifests of at least 4 MiB (OCI distribution spec); larger ones are refused.
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface FetchedManifest {
  mediaType: string;
  /** sha256 of the bytes received, which is the manifest's digest. */
  digest: string;
  json: Record<string, unknown>;
}

export interface RegistryClient {
  /** Fetches a manifest by tag or digest; when `reference` is a digest, the bytes are checked against it. */
  fetchManifest(reference: string, signal?: AbortSignal): Promise<FetchedManifest>;
  /** Opens a blob as a stream. The caller verifies its digest while reading it. */
  openBlob(digest: string, signal?: AbortSignal): Promise<Readable>;
  /** Reads a small blob whole, such as an image config, and checks its digest. */
  readBlob(digest: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer>;
}

/**
 * Creates a client for one repository of a registry's HTTP API (distribution spec v2). It handles
 * a 401 as Docker does. For a Bearer challenge it requests a pull token from the named token
 * service, sending the credentials when given, and for a Basic challenge it sends the credentials.
 * Redirects are followed by hand, so the registry's Authorization header never goes to another
 * host and plain HTTP is used only towards loopback hosts and the hosts configured as plain HTTP.
 */
export function createRegistryClient(location: ImageLocation, options: RegistryOptions = {}): RegistryClient {
  const fetchImpl = options.fetch ?? fetch;
  const credentials = options.credentials ?? {};
  const plainHttpHosts = options.plainHttpHosts ?? [];
  let authorization: string | undefined = credentials.token ? `Bearer ${credentials.token}` : undefined;
  const apiUrl = `${location.baseUrl}/v2/${location.repository}`;

  function checkTransport(url: URL, purpose: string): void {
    if (url.protocol === "https:") return;
    if (url.protocol === "http:" && (isLoopbackHost(url.host) || plainHttpHosts.includes(url.host))) return;
    throw new Error(
      `Rejected the request to ${url.origin} for ${purpose}: ${url.protocol.replace(":", "")} is allowed only as HTTPS, or as plain HTTP to a loopback host or a host in registry.plainHttpHosts. Add the host to plainHttpHosts if it serves plain HTTP on purpose.`,
    );
  }

  async function send(url: string, headers: Record<string, string>, signal: AbortSignal | undefined, purpose: string): Promise<Response> {
    let current = new URL(url);
    const registryHost = current.host;
    for (let redirects = 0; ; redirects += 1) {
      checkTransport(current, purpose);
      const sendHeaders = { ...headers };
      // Credentials belong to the registry; a redirect to blob storage elsewhere goes without them.
      if (authorization && current.host === registryHost) sendHeaders.Authorization = authorization;

      let response: Response;
      try {
        response = await fetchImpl(current, { headers: sendHeaders, redirect: "manual", signal });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new BuildlabError(
          "backend_unavailable",
          `Could not reach the registry at ${current.origin} for ${purpose}: ${describeFetchError(error)}. Check that the registry runs and that its address is right.`,
        );
      }

      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (redirects >= MAX_REDIRECTS) throw new Error(`The registry redirected ${purpose} more than ${MAX_REDIRECTS} times; last target ${location}.`);
        current = new URL(location, current);
        continue;
      }
      return response;
    }
  }

  async function request(url: string, headers: Record<string, string>, signal: AbortSignal | undefined, purpose: string): Promise<Response> {
    const response = await send(url, headers, signal, purpose);
    if (response.status !== 401) return response;

    const challenge = response.headers.get("www-authenticate");
    await response.body?.cancel();
    if (!challenge) return response;
    const answered = await answerChallenge(challenge, signal);
    if (!answered) return response;
    return send(url, headers, signal, purpose);
  }

  // Returns whether a new Authorization header was set, so that one retry makes sense.
  async function answerChallenge(challenge: string, signal: AbortSignal | undefined): Promise<boolean> {
    const { scheme, params } = parseChallenge(challenge);
    const basic = credentials.username !== undefined ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password ?? ""}`).toString("base64")}` : undefined;

    if (scheme === "basic") {
      if (!basic || authorization === basic) return false;
      authorization = basic;
      return true;
    }
    if (scheme !== "bearer" || !params.realm) return false;

    const realm = new URL(params.realm);
    checkTransport(realm, "a registry token");
    if (params.service) realm.searchParams.set("service", params.service);
    realm.searchParams.set("scope", params.scope ?? `repository:${location.repository}:pull`);
    let tokenResponse: Response;
    try {
      tokenResponse = await fetchImpl(realm, { headers: basic ? { Authorization: basic } : {}, signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new BuildlabError("backend_unavailable", `Could not reach the token service ${realm.origin}: ${describeFetchError(error)}.`);
    }
    if (!tokenResponse.ok) {
      throw new BuildlabError(
        tokenResponse.status === 401 || tokenResponse.status === 403 ? "unauthorized" : "backend_unavailable",
        `The token service ${realm.origin} rejected the pull token request for ${location.repository} with HTTP ${tokenResponse.status}. Check the registry credentials.`,
      );
    }
    const body = (await tokenResponse.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`The token service ${realm.origin} returned no token for ${location.repository}.`);
    authorization = `Bearer ${token}`;
    return true;
  }

  async function failFor(response: Response, subject: string): Promise<never> {
    const text = (await response.text().catch(() => "")).slice(0, 300);
    if (response.status === 404) {
      throw new BuildlabError("not_found", `${subject} was not found in ${location.registry} (HTTP 404 ${text.trim()}). Check that the image was pushed and not deleted since.`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new BuildlabError("unauthorized", `The registry ${location.registry} denied access to ${subject} with HTTP ${response.status}. Pass credentials that may pull ${location.repository}.`);
    }
    throw new BuildlabError("backend_unavailable", `Reading ${subject} from ${location.registry} failed with HTTP ${response.status}: ${text.trim()}`);
  }

  return {
    async fetchManifest(reference, signal) {
      const subject = `Manifest ${location.repository}:${reference}`;
      const response = await request(
        `${apiUrl}/manifests/${reference}`,
        { Accept: Object.values(MANIFEST_MEDIA_TYPES).join(", ") },
        signal,
        subject,
      );
      if (!response.ok) return failFor(response, subject);

      const bytes = await readBounded(response, MAX_MANIFEST_BYTES, subject);
      const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
      if (reference.includes(":")) {
        const actual = `${reference.split(":")[0]}:${createDigestHash(reference).update(bytes).digest("hex")}`;
        if (actual !== reference) {
          throw new Error(`${subject} failed digest verification: received ${actual}. The registry returned other content than the digest names.`);
        }
      }
      const headerDigest = response.headers.get("docker-content-digest");
      if (headerDigest?.startsWith("sha256:") && headerDigest !== digest) {
        throw new Error(`${subject} failed digest verification: the registry named ${headerDigest}, the bytes hash to ${digest}.`);
      }

      let json: Record<string, unknown>;
      try {
        json = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
      } catch (error) {
        throw new Error(`${subject} is not valid JSON: ${(error as Error).message}.`);
      }
      const contentType = response.headers.get("content-type")?.split(";")[0].trim();
      const mediaType = typeof json.mediaType === "string" ? json.mediaType : (contentType ?? "");
      return { mediaType, digest, json };
    },

    async openBlob(digest, signal) {
      const subject = `Blob ${digest} of ${location.repository}`;
      const response = await request(`${apiUrl}/blobs/${digest}`, {}, signal, subject);
      if (!response.ok) return failFor(response, subject);
      if (!response.body) throw new Error(`${subject} came without a body.`);
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    },

    async readBlob(digest, maxBytes, signal) {
      const subject = `Blob ${digest} of ${location.repository}`;
      const response = await request(`${apiUrl}/blobs/${digest}`, {}, signal, subject);
      if (!response.ok) return failFor(response, subject);

      const bytes = await readBounded(response, maxBytes, subject);
      const actual = `${digest.split(":")[0]}:${createDigestHash(digest).update(bytes).digest("hex")}`;
      if (actual !== digest) {
        throw new Error(`${subject} failed digest verification: received ${actual}. The blob in the registry is corrupt or was replaced; push the image again.`);
      }
      return bytes;
    },
  };
}

async function readBounded(response: Response, maxBytes: number, subject: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new Error(`${subject} is larger than ${maxBytes} bytes, more than an image manifest or config can be.`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Splits `Bearer realm="...",service="..."` into its scheme (lower case) and parameters. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(" ");
  const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const pattern = /([A-Za-z]+)=(?:"([^"]*)"|([^,\s]*))/g;
  for (const match of header.slice(space + 1).matchAll(pattern)) {
    params[match[1].toLowerCase()] = match[2] ?? match[3];
  }
  return { scheme, params };
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
