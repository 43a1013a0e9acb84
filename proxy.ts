import { NextResponse, type NextRequest } from "next/server";
import { readAccessSettings } from "./lib/auth/access-settings";
import { resolvePrincipal } from "./lib/auth/resolve-principal";

/**
 * Sends visitors of the dashboard's pages who are not signed in to /login. API routes check access
 * themselves (withRoute), because a Proxy that reads a request also buffers its body, which would
 * hold a large upload in memory. The login page, share pages and static files need no sign-in.
 */
export function proxy(request: NextRequest) {
  if (resolvePrincipal(request.headers, readAccessSettings())) return NextResponse.next();

  const login = new URL("/login", request.url);
  login.searchParams.set("next", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login, 303);
}

export const config = {
  matcher: ["/((?!api/|_next/|login|share/|icon\\.svg|favicon\\.ico).*)"],
};
