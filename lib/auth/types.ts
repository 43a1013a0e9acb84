/** Role of a caller: an admin starts, cancels and shares builds, and a viewer only watches them. */
export type Role = "admin" | "viewer";

/** The caller of a request, once its credentials were checked. */
export interface Principal {
  role: Role;
  /**
   * Who submits, for the per-submitter queue cap: "token:admin", "user:<name>", or "local" for
   * the open dashboard on a loopback address.
   */
  subject: string;
  /** How the caller proved it: a bearer token, the session cookie, or nothing on an open dashboard. */
  via: "bearer" | "cookie" | "open";
}

/** What a route requires: any signed-in role ("view"), the admin ("manage"), or nothing ("public"). */
export type Access = "view" | "manage" | "public";

export const SESSION_COOKIE = "buildlab_session";
