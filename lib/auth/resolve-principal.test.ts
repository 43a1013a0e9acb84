import { describe, expect, it } from "vitest";
import type { AccessSettings } from "./access-settings";
import { isLoopbackHost } from "./is-loopback-host";
import { resolvePrincipal } from "./resolve-principal";
import { createSessionValue } from "./session-cookie";

const closed: AccessSettings = { adminToken: "admin-token-0123456789", viewerToken: "viewer-token-0123456789", sessionHours: 1 };
const open: AccessSettings = { sessionHours: 1 };

describe("resolvePrincipal", () => {
  it.each([
    ["admin bearer", { authorization: "Bearer admin-token-0123456789" }, "admin"],
    ["viewer bearer", { authorization: "bearer viewer-token-0123456789" }, "viewer"],
    ["unknown bearer", { authorization: "Bearer something-else-entirely" }, null],
    ["basic scheme", { authorization: "Basic YWRtaW46YWRtaW4=" }, null],
    ["nothing", {}, null],
  ])("returns the role for %s", (_name, headers, role) => {
    expect(resolvePrincipal(new Headers(headers), closed)?.role ?? null).toBe(role);
  });

  it("reads the session cookie among others", () => {
    const value = createSessionValue({ role: "viewer", subject: "token:viewer" }, closed);
    const principal = resolvePrincipal(new Headers({ cookie: `theme=dark; buildlab_session=${value}; other=1` }), closed);

    expect(principal).toEqual({ role: "viewer", subject: "token:viewer", via: "cookie" });
  });

  it("prefers a wrong bearer token over a valid cookie", () => {
    const value = createSessionValue({ role: "admin", subject: "token:admin" }, closed);

    expect(resolvePrincipal(new Headers({ authorization: "Bearer wrong-token-012345", cookie: `buildlab_session=${value}` }), closed)).toBeNull();
  });

  it("opens an unconfigured dashboard to loopback hosts only", () => {
    expect(resolvePrincipal(new Headers({ host: "127.0.0.1:3000" }), open)).toEqual({ role: "admin", subject: "local", via: "open" });
    expect(resolvePrincipal(new Headers({ host: "buildlab.example:3000" }), open)).toBeNull();
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["127.0.0.1:3000", true],
    ["127.8.9.10", true],
    ["localhost", true],
    ["localhost:3000", true],
    ["[::1]:3000", true],
    ["10.0.0.5:3000", false],
    ["localhost.attacker.example", false],
    ["127.0.0.1.nip.io", false],
    ["", false],
  ])("classifies %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
