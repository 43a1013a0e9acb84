import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRegistryForwarder, type RegistryForwarder } from "./open-registry-forwarder";

/** Connects to a unix socket, writes `request`, shuts down the write side, and reads until the server ends. */
function exchange(socketPath: string, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ path: socketPath, allowHalfOpen: true });
    socket.on("error", reject);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("end", () => {
      socket.end();
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    socket.end(request);
  });
}

describe("openRegistryForwarder", () => {
  let dir: string;
  let upstream: Server;
  let upstreamPort: number;
  let forwarder: RegistryForwarder | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "buildlab-forwarder-test-"));
    // Responds only after the client has sent everything, so that half-closed connections must still get the response.
    upstream = createServer({ allowHalfOpen: true }, (socket) => {
      const chunks: Buffer[] = [];
      socket.on("data", (chunk) => chunks.push(chunk));
      socket.on("end", () => socket.end(`received ${Buffer.concat(chunks).toString("utf8")}`));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamPort = (upstream.address() as AddressInfo).port;
  });

  afterEach(async () => {
    await forwarder?.close();
    forwarder = undefined;
    await new Promise((resolve) => upstream.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it("forwards a half-closed request", async () => {
    forwarder = await openRegistryForwarder(path.join(dir, "registry.sock"), { host: "127.0.0.1", port: upstreamPort });

    const responses = await Promise.all([exchange(forwarder.socketPath, "first"), exchange(forwarder.socketPath, "second")]);

    expect(responses).toEqual(["received first", "received second"]);
    expect(forwarder.errors()).toEqual({ count: 0, first: undefined });
  });

  it("removes the socket on close", async () => {
    forwarder = await openRegistryForwarder(path.join(dir, "registry.sock"), { host: "127.0.0.1", port: upstreamPort });
    expect(existsSync(forwarder.socketPath)).toBe(true);

    await forwarder.close();

    expect(existsSync(forwarder.socketPath)).toBe(false);
    await expect(exchange(forwarder.socketPath, "late")).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("ends open connections on close", async () => {
    forwarder = await openRegistryForwarder(path.join(dir, "registry.sock"), { host: "127.0.0.1", port: upstreamPort });
    const client: Socket = connect({ path: forwarder.socketPath });
    const closed = new Promise<void>((resolve) => client.on("close", () => resolve()));
    client.on("error", () => undefined);
    await new Promise<void>((resolve) => client.on("connect", () => resolve()));
    client.write("never finished");

    await forwarder.close();
    await closed;

    expect(client.destroyed).toBe(true);
  });

  it("counts refused registry connections", async () => {
    const closedPort = upstreamPort;
    await new Promise((resolve) => upstream.close(resolve));
    upstream = createServer();
    forwarder = await openRegistryForwarder(path.join(dir, "registry.sock"), { host: "127.0.0.1", port: closedPort });

    const response = await exchange(forwarder.socketPath, "GET /v2/ HTTP/1.0\r\n\r\n").catch((error: NodeJS.ErrnoException) => error.code);

    expect(["", "ECONNRESET"]).toContain(response);
    expect(forwarder.errors().count).toBe(1);
    expect(forwarder.errors().first).toMatch(/^registry 127\.0\.0\.1:\d+: connect ECONNREFUSED/);
  });

  it("rejects a path in use", async () => {
    forwarder = await openRegistryForwarder(path.join(dir, "registry.sock"), { host: "127.0.0.1", port: upstreamPort });

    await expect(openRegistryForwarder(forwarder.socketPath, { host: "127.0.0.1", port: upstreamPort })).rejects.toMatchObject({
      code: "EADDRINUSE",
    });
  });
});
