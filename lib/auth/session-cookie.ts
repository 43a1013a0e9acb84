import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { AccessSettings } from "./access-settings";
import type { Principal, Role } from "./types";

interface SessionPayload {
  role: Role;
  subject: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/**
 * Creates the value of the session cookie: the role, subject and expiry, signed with HMAC-SHA256.
 * The key is derived from the configured credentials, so changing any of them ends every session.
 */
export function createSessionValue(principal: Pick<Principal, "role" | "subject">, settings: AccessSettings, now = Date.now()): string {
  const payload: SessionPayload = { role: principal.role, subject: principal.subject, expiresAt: now + settings.sessionHours * 3600 * 1000 };
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${body}.${sign(body, settings)}`;
}

/** Checks a session cookie value; returns its principal, or null when it is malformed, forged or expired. */
export function readSessionValue(value: string | undefined, settings: AccessSettings, now = Date.now()): Principal | null {
  if (!value || value.length > 4096) return null;

  const [body, signature, extra] = value.split(".");
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(body, settings), "base64url");
  const presented = Buffer.from(signature, "base64url");
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;

  let payload: SessionPayload;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as SessionPayload;
  } catch {
    return null;
  }
  if (payload.role !== "admin" && payload.role !== "viewer") return null;
  if (typeof payload.subject !== "string" || typeof payload.expiresAt !== "number" || payload.expiresAt <= now) return null;

  // A viewer token that was removed from the settings must not keep working through old sessions.
  if (payload.role === "viewer" && !settings.viewerToken) return null;
  return { role: payload.role, subject: payload.subject, via: "cookie" };
}

function sign(body: string, settings: AccessSettings): string {
  return createHmac("sha256", deriveKey(settings)).update(body).digest("base64url");
}

function deriveKey(settings: AccessSettings): Buffer {
  const parts = ["buildlab-session-v1", settings.adminToken, settings.viewerToken, settings.adminUsername, settings.adminPassword];
  return createHash("sha256").update(parts.map((part) => part ?? "").join("\0")).digest();
}
