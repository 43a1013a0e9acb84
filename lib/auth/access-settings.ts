import { getEnv, type Env } from "../env";

/** The credentials Buildlab accepts, read from the environment. */
export interface AccessSettings {
  adminToken?: string;
  viewerToken?: string;
  adminUsername?: string;
  adminPassword?: string;
  sessionHours: number;
}

/** Reads the access settings from Buildlab's parsed environment. */
export function readAccessSettings(env: Env = getEnv()): AccessSettings {
  return {
    adminToken: env.BUILDLAB_ADMIN_TOKEN,
    viewerToken: env.BUILDLAB_VIEWER_TOKEN,
    adminUsername: env.BUILDLAB_ADMIN_USERNAME,
    adminPassword: env.BUILDLAB_ADMIN_PASSWORD,
    sessionHours: env.BUILDLAB_SESSION_HOURS,
  };
}

/** Returns whether no credential is configured, which leaves the dashboard open to loopback requests. */
export function isOpenAccess(settings: AccessSettings): boolean {
  return !settings.adminToken && !settings.viewerToken && !settings.adminPassword;
}

/** Describes the access mode in one line for the start-up log, without any secret. */
export function describeAccessMode(settings: AccessSettings): string {
  if (isOpenAccess(settings)) {
    return "no BUILDLAB_ADMIN_TOKEN, BUILDLAB_VIEWER_TOKEN or BUILDLAB_ADMIN_PASSWORD is set: the dashboard is open without login, and only to requests addressed to 127.0.0.1 or localhost. Set BUILDLAB_ADMIN_TOKEN before serving it to others.";
  }

  const ways = [
    settings.adminToken ? "admin token" : undefined,
    settings.adminPassword ? `admin user ${settings.adminUsername}` : undefined,
    settings.viewerToken ? "viewer token" : undefined,
  ].filter(Boolean);
  return `login required; accepted credentials: ${ways.join(", ")}`;
}
