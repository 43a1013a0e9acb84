import { SESSION_COOKIE } from "../auth/types";

/**
 * Builds the Set-Cookie header of the session: HttpOnly so that scripts cannot read it, SameSite=Lax
 * so that other sites cannot send it with a POST, and Secure when the request came over HTTPS.
 * An empty value with maxAgeSeconds 0 deletes it.
 */
export function sessionCookieHeader(request: Request, value: string, maxAgeSeconds: number): string {
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  return [`${SESSION_COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(maxAgeSeconds)}`, secure ? "Secure" : ""]
    .filter(Boolean)
    .join("; ");
}
