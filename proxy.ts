import { NextResponse, type NextRequest } from "next/server";
import { readAccessSettings } from "./lib/auth/access-settings";
import { resolvePrincipal } from "./lib/auth/resolve-principal";

/**
 * Sends visitors of the dashboard's pages who are not signed in to /login. API routes check access
 * themselves (withRoute), because a Proxy that reads a request also buffers its body, which would
 * hold a large upload in memory. The login page, share pages and static files need no sign-in.
 */
export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/api/")) return rejectMalformedPath(request);
  if (resolvePrincipal(request.headers, readAccessSettings())) return NextResponse.next();

  const login = new URL("/login", request.url);
  login.searchParams.set("next", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login, 303);
}

// Next.js 16 returns a bare 500 for a path whose percent-encoding does not decode, such as
// /api/runs/%FF, before any route handler runs; this returns a 400 with a message instead.
function rejectMalformedPath(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
    return NextResponse.next();
  } catch {
    return NextResponse.json(
      { error: { code: "invalid_input", message: "The request path has invalid percent-encoding; encode it as UTF-8." } },
      { status: 400 },
    );
  }
}

export const config = {
  // API paths pass through here only when they contain a percent sign, so that uploads to the API
  // are not buffered.
  matcher: ["/((?!api/|_next/|login|share/|icon\\.svg|favicon\\.ico).*)", "/api/(.*%.*)"],
};
