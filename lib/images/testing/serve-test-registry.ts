import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sha256Digest, type TestLayer } from "./build-layer";

// Test-only: a tiny registry on 127.0.0.1 that serves the two read endpoints of the distribution
// API (manifests and blobs) from memory or from a stream factory. Production code never imports it.

interface StoredBlob {
  size: number;
  open: () => Readable;
}

interface StoredManifest {
  mediaType: string;
  body: Buffer;
}

export interface TestImageInput {
  layers: TestLayer[];
  config?: Record<string, unknown>;
  /** "oci" writes OCI media types; the default writes Docker schema 2. */
  format?: "docker" | "oci";
}

export interface PushedTestImage {
  manifestDigest: string;
  configDigest: string;
}

export interface TestRegistry {
  /** host:port, such as "127.0.0.1:41234". */
  host: string;
  /** Every request path, in order. */
  requests: string[];
  /** The Authorization header of every request, in the same order as `requests`. */
  authorizations: (string | undefined)[];
  addBlob(data: Buffer): string;
  /** Serves `open()` under `digest` without checking it, to test digest verification and large streamed blobs. */
  addStreamedBlob(digest: string, size: number, open: () => Readable): void;
  addManifest(repository: string, reference: string, mediaType: string, manifest: unknown): string;
  pushImage(repository: string, tag: string, image: TestImageInput): PushedTestImage;
  /** Responds to requests for the blob `digest` with a 307 redirect to `location`. */
  redirectBlob(digest: string, location: string): void;
  /** Requires `Authorization: Bearer <token>` on /v2/ requests and serves the token at /token. */
  requireBearerToken(token: string): void;
  close(): Promise<void>;
}

export async function serveTestRegistry(): Promise<TestRegistry> {
  const blobs = new Map<string, StoredBlob>();
  const manifests = new Map<string, StoredManifest>();
  const requests: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const redirects = new Map<string, string>();
  let bearerToken: string | undefined;
  let host = "";

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", `http://${host}`);
    requests.push(url.pathname);
    authorizations.push(request.headers.authorization);

    if (url.pathname === "/token") {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ token: bearerToken, scope: url.searchParams.get("scope") }));
      return;
    }
    if (bearerToken && request.headers.authorization !== `Bearer ${bearerToken}`) {
      response.writeHead(401, { "WWW-Authenticate": `Bearer realm="http://${host}/token",service="test-registry"` });
      response.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }

    const manifestMatch = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (manifestMatch) {
      const stored = manifests.get(`${manifestMatch[1]}@${manifestMatch[2]}`);
      if (!stored) {
        response.writeHead(404, { "Content-Type": "application/json" });
        response.end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
        return;
      }
      response.writeHead(200, { "Content-Type": stored.mediaType, "Docker-Content-Digest": sha256Digest(stored.body) });
      response.end(stored.body);
      return;
    }

    const blobMatch = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(url.pathname);
    const redirect = blobMatch ? redirects.get(blobMatch[2]) : undefined;
    if (redirect) {
      response.writeHead(307, { Location: redirect });
      response.end();
      return;
    }
    const blob = blobMatch ? blobs.get(blobMatch[2]) : undefined;
    if (!blob) {
      response.writeHead(404, { "Content-Type": "application/json" });
      response.end('{"errors":[{"code":"BLOB_UNKNOWN"}]}');
      return;
    }
    response.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": String(blob.size) });
    await pipeline(blob.open(), response).catch(() => undefined);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.destroy(error as Error);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  const registry: TestRegistry = {
    host,
    requests,
    authorizations,
    addBlob(data) {
      const digest = sha256Digest(data);
      blobs.set(digest, { size: data.length, open: () => Readable.from([data]) });
      return digest;
    },
    addStreamedBlob(digest, size, open) {
      blobs.set(digest, { size, open });
    },
    addManifest(repository, reference, mediaType, manifest) {
      const body = Buffer.from(JSON.stringify(manifest));
      const digest = sha256Digest(body);
      manifests.set(`${repository}@${reference}`, { mediaType, body });
      manifests.set(`${repository}@${digest}`, { mediaType, body });
      return digest;
    },
    pushImage(repository, tag, image) {
      const oci = image.format === "oci";
      const config = {
        architecture: "amd64",
        os: "linux",
        config: {},
        ...image.config,
        rootfs: { type: "layers", diff_ids: image.layers.map((layer) => layer.diffId) },
      };
      const configBody = Buffer.from(JSON.stringify(config));
      const configDigest = registry.addBlob(configBody);
      for (const layer of image.layers) registry.addBlob(layer.blob);

      const mediaType = oci ? "application/vnd.oci.image.manifest.v1+json" : "application/vnd.docker.distribution.manifest.v2+json";
      const manifestDigest = registry.addManifest(repository, tag, mediaType, {
        schemaVersion: 2,
        mediaType,
        config: {
          mediaType: oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json",
          digest: configDigest,
          size: configBody.length,
        },
        layers: image.layers.map((layer) => ({ mediaType: layer.mediaType, digest: layer.digest, size: layer.blob.length })),
      });
      return { manifestDigest, configDigest };
    },
    redirectBlob(digest, location) {
      redirects.set(digest, location);
    },
    requireBearerToken(token) {
      bearerToken = token;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
  return registry;
}
