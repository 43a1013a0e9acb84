import { readAccessSettings, isOpenAccess, type AccessSettings } from "./access-settings";
import { checkToken } from "./check-credentials";
import { isLoopbackHost } from "./is-loopback-host";
import { readSessionValue } from "./session-cookie";
import { SESSION_COOKIE, type Principal } from "./types";

/**
 * Finds who makes a request: an `Authorization: Bearer` token, else the session cookie, else, on an
 * open dashboard (no credential configured), the local user when the Host header is a loopback
 * address. Returns null for anyone else. A share link is not a principal: it is checked by the
 * share routes alone.
 */
export function resolvePrincipal(headers: Headers, settings: AccessSettings = readAccessSettings()): Principal | null {
  if (isOpenAccess(settings)) {
    return isLoopbackHost(headers.get("host")) ? { role: "admin", subject: "local", via: "open" } : null;
  }

  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? checkToken(match[1], settings, "bearer") : null;
  }

  return readSessionValue(readCookie(headers.get("cookie"), SESSION_COOKIE), settings);
}

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
