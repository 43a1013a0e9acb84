import { BuildlabError } from "../errors";
import { isOpenAccess, readAccessSettings } from "./access-settings";
import { resolvePrincipal } from "./resolve-principal";
import type { Access, Principal } from "./types";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Checks that a request may use a route with the given access, and returns its principal (null on
 * public routes without one). Throws an unauthorized BuildlabError without valid credentials and
 * a forbidden one for a viewer on an admin route, or for a cross-site browser request that changes
 * something with the session cookie or on the open dashboard.
 */
export function requireAccess(request: Request, access: Access): Principal | null {
  const settings = readAccessSettings();
  const principal = resolvePrincipal(request.headers, settings);
  if (access === "public") return principal;

  if (!principal) {
    throw new BuildlabError(
      "unauthorized",
      isOpenAccess(settings)
        ? "Without BUILDLAB_ADMIN_TOKEN this dashboard accepts only requests addressed to 127.0.0.1 or localhost; open it there, or set BUILDLAB_ADMIN_TOKEN to serve it to others."
        : "Sign in at /login, or send the admin or viewer token as \"Authorization: Bearer <token>\".",
    );
  }
  if (access === "manage" && principal.role !== "admin") {
    throw new BuildlabError("forbidden", "The viewer token may watch comparisons but not start, cancel or share them; sign in with the admin token.");
  }

  if (!SAFE_METHODS.has(request.method) && principal.via !== "bearer") checkSameOrigin(request);
  return principal;
}

// Browsers send the session cookie, and reach an open dashboard, from any site; a change must come
// from Buildlab's own pages. Clients without Origin or Sec-Fetch-Site headers are not browsers.
function checkSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new BuildlabError("forbidden", `Cross-site requests may not change anything here (Sec-Fetch-Site: ${site}); use Buildlab's own pages or a bearer token.`);
  }

  const origin = request.headers.get("origin");
  if (!origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new BuildlabError("forbidden", "The Origin header is not a valid URL.");
  }
  if (originHost !== request.headers.get("host")) {
    throw new BuildlabError("forbidden", `Requests from ${origin} may not change anything here; use Buildlab's own pages or a bearer token.`);
  }
}
