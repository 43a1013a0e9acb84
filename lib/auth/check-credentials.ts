import type { AccessSettings } from "./access-settings";
import { secretsEqual } from "./secrets-equal";
import type { Principal } from "./types";

/** Returns the principal a token stands for, or null when it matches neither the admin nor the viewer token. */
export function checkToken(token: string, settings: AccessSettings, via: Principal["via"]): Principal | null {
  if (secretsEqual(token, settings.adminToken)) return { role: "admin", subject: "token:admin", via };
  if (secretsEqual(token, settings.viewerToken)) return { role: "viewer", subject: "token:viewer", via };
  return null;
}

/** Returns the admin principal when the user name and password match the configured pair, or null. */
export function checkPassword(username: string, password: string, settings: AccessSettings): Principal | null {
  if (!settings.adminUsername || !settings.adminPassword) return null;

  // Both comparisons run, so the time taken does not tell whether the user name was right.
  const userMatches = secretsEqual(username, settings.adminUsername);
  const passwordMatches = secretsEqual(password, settings.adminPassword);
  return userMatches && passwordMatches ? { role: "admin", subject: `user:${settings.adminUsername}`, via: "cookie" } : null;
}
