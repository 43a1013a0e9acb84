import { describe, expect, it } from "vitest";
import type { AccessSettings } from "./access-settings";
import { createSessionValue, readSessionValue } from "./session-cookie";

const settings: AccessSettings = { adminToken: "a".repeat(20), viewerToken: "v".repeat(20), sessionHours: 1 };
const now = Date.UTC(2026, 0, 1);

describe("session cookie", () => {
  it("reads back what it signed", () => {
    const value = createSessionValue({ role: "viewer", subject: "token:viewer" }, settings, now);

    expect(readSessionValue(value, settings, now + 1000)).toEqual({ role: "viewer", subject: "token:viewer", via: "cookie" });
  });

  it("rejects a changed role", () => {
    const value = createSessionValue({ role: "viewer", subject: "token:viewer" }, settings, now);
    const [, signature] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ role: "admin", subject: "token:viewer", expiresAt: now + 3_600_000 })).toString("base64url");

    expect(readSessionValue(`${forged}.${signature}`, settings, now)).toBeNull();
  });

  it("rejects an expired session", () => {
    const value = createSessionValue({ role: "admin", subject: "token:admin" }, settings, now);

    expect(readSessionValue(value, settings, now + 3_600_001)).toBeNull();
  });

  it("ends sessions when a credential changes", () => {
    const value = createSessionValue({ role: "admin", subject: "token:admin" }, settings, now);

    expect(readSessionValue(value, { ...settings, adminToken: "b".repeat(20) }, now)).toBeNull();
  });

  it("rejects malformed values", () => {
    for (const value of [undefined, "", "abc", "a.b.c", "%%%.%%%", "x".repeat(5000)]) {
      expect(readSessionValue(value, settings, now), String(value).slice(0, 10)).toBeNull();
    }
  });
});
