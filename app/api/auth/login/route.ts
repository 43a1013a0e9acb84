import { NextResponse } from "next/server";
import { readLoginForm, safeNextPath } from "@/lib/api/read-login-form";
import { sessionCookieHeader } from "@/lib/api/session-cookie-header";
import { errorResponse, withRoute } from "@/lib/api/with-route";
import { isOpenAccess, readAccessSettings } from "@/lib/auth/access-settings";
import { checkPassword, checkToken } from "@/lib/auth/check-credentials";
import { isLoginThrottled, recordLoginFailure } from "@/lib/auth/login-throttle";
import { createSessionValue } from "@/lib/auth/session-cookie";
import { BuildlabError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// POST /api/auth/login: check a token, or the admin's user name and password, and set the session cookie.
export const POST = withRoute({ name: "log in", access: "public" }, async (request) => {
  const settings = readAccessSettings();
  if (isOpenAccess(settings)) {
    throw new BuildlabError("conflict", "No credential is configured, so there is nothing to log in to: the dashboard is open on 127.0.0.1.");
  }
  if (isLoginThrottled()) {
    throw new BuildlabError("too_many_requests", "Too many failed logins in the last minute; wait a minute and try again.");
  }

  const form = await readLoginForm(request);
  const principal = "token" in form ? checkToken(form.token, settings, "cookie") : checkPassword(form.username, form.password, settings);
  const next = safeNextPath(form.next);

  if (!principal) {
    recordLoginFailure();
    console.warn(`[auth] a login with ${"token" in form ? "a token" : "a user name and password"} failed`);
    if (form.fromBrowserForm) return redirect(`/login?error=invalid&next=${encodeURIComponent(next)}`);
    return errorResponse("log in", new BuildlabError("unauthorized", "The token, or the user name and password, is not valid."));
  }

  console.info(`[auth] ${principal.subject} logged in as ${principal.role}`);
  const cookie = sessionCookieHeader(request, createSessionValue(principal, settings), settings.sessionHours * 3600);
  const response = form.fromBrowserForm ? redirect(next) : NextResponse.json({ role: principal.role });
  response.headers.append("set-cookie", cookie);
  return response;
});

// `path` is a local path (see safeNextPath), so the redirect stays on this site.
function redirect(path: string): Response {
  return new Response(null, { status: 303, headers: { location: path } });
}
