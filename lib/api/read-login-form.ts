import { z } from "zod";
import { BuildlabError } from "../errors";
import { readBoundedBody } from "./read-bounded-body";

const MAX_LOGIN_BYTES = 16 * 1024;

const loginSchema = z.union([
  z.object({ token: z.string().min(1).max(1024), next: z.string().max(2048).optional() }).strict(),
  z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024), next: z.string().max(2048).optional() }).strict(),
]);

export type LoginForm = z.infer<typeof loginSchema> & {
  /** True for an HTML form post, which expects a redirect rather than JSON. */
  fromBrowserForm: boolean;
};

/**
 * Reads a login request: JSON ({ token } or { username, password }) from API clients, or the
 * urlencoded fields of the login page's form. Empty form fields count as absent.
 */
export async function readLoginForm(request: Request): Promise<LoginForm> {
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const text = await readBoundedBody(request, MAX_LOGIN_BYTES);

  let raw: unknown;
  if (contentType === "application/json") {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new BuildlabError("invalid_input", "The request body is not valid JSON; send { \"token\": \"...\" } or { \"username\": \"...\", \"password\": \"...\" }.");
    }
  } else if (contentType === "application/x-www-form-urlencoded") {
    raw = Object.fromEntries([...new URLSearchParams(text)].filter(([, value]) => value !== ""));
  } else {
    throw new BuildlabError("invalid_input", "Send the login as application/json or application/x-www-form-urlencoded.");
  }

  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BuildlabError("invalid_input", "Send either a token, or a username and a password, and nothing else.");
  }
  return { ...parsed.data, fromBrowserForm: contentType === "application/x-www-form-urlencoded" };
}

/** Returns `next` when it is a path on this site, or "/" for anything else, so a login never redirects away. */
export function safeNextPath(next: string | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\r\n]/.test(next)) return "/";
  return next;
}
