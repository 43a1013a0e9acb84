import { NextResponse } from "next/server";
import { z, ZodError } from "zod";
import { requireAccess } from "../auth/require-access";
import type { Access, Principal } from "../auth/types";
import { BuildlabError, toError } from "../errors";

type RouteContext = { params: Promise<unknown> };
type Handler<Params> = (request: Request, params: Params, principal: Principal | null) => Promise<Response>;

export interface RouteOptions<Params> {
  /** Names the route in logs, such as "cancel comparison". */
  name: string;
  /** Access the caller needs; see requireAccess. */
  access: Access;
  /** Checks the path parameters; an invalid one is a 400 that names it. */
  params?: z.ZodType<Params>;
  /** "none" rejects a request that carries a body, for routes that read none. */
  body?: "none";
}

/** A UUID path parameter, such as a comparison or run id. */
export const uuidParam = (label: string) => z.string().uuid(`The ${label} must be a UUID, such as 0b5e8c8e-3f0a-4a7e-9c1d-2f6b7a1e9d40.`);

/**
 * Wraps a route handler so that it reads as the happy path: it checks access and the path
 * parameters, then converts errors. A BuildlabError becomes its status and message, a ZodError a
 * 400 listing the invalid fields, and anything else is logged and returned as a generic 500 that
 * hides internals. The short form `withRoute(name, handler)` requires viewer access.
 */
export function withRoute<Params = Record<string, string>>(options: RouteOptions<Params> | string, handler: Handler<Params>) {
  const route: RouteOptions<Params> = typeof options === "string" ? { name: options, access: "view" } : options;

  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const principal = requireAccess(request, route.access);
      if (route.body === "none") await rejectBody(request);
      const raw = await context.params;
      const params = route.params ? parseParams(route.params, raw) : (raw as Params);
      return await handler(request, params, principal);
    } catch (error) {
      return errorResponse(route.name, error);
    }
  };
}

export function errorResponse(name: string, error: unknown): Response {
  if (error instanceof BuildlabError) {
    const headers = error.code === "unauthorized" ? { "www-authenticate": 'Bearer realm="buildlab"' } : undefined;
    return NextResponse.json({ error: { code: error.code, message: error.message, details: error.details } }, { status: error.status, headers });
  }

  if (error instanceof ZodError) {
    const problems = error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message }));
    const message = `Invalid request: ${problems.map((problem) => `${problem.field || "body"}: ${problem.message}`).join("; ")}`;
    return NextResponse.json({ error: { code: "invalid_input", message, details: { problems } } }, { status: 400 });
  }

  console.error(`[api] ${name} failed`, toError(error));
  return NextResponse.json(
    { error: { code: "internal", message: "Buildlab failed to handle this request; the server log has the details." } },
    { status: 500 },
  );
}

function parseParams<Params>(schema: z.ZodType<Params>, raw: unknown): Params {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;

  const problems = parsed.error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message }));
  throw new BuildlabError("invalid_input", `Invalid path: ${problems.map((problem) => problem.message).join("; ")}`, { problems });
}

// A chunked request may still have an empty body, so the first chunk decides.
async function rejectBody(request: Request): Promise<void> {
  const length = request.headers.get("content-length");
  if (length !== null && length !== "0") throw bodyNotExpected();
  if (!request.body) return;

  const reader = request.body.getReader();
  const { value } = await reader.read();
  if (value?.byteLength) {
    await reader.cancel().catch(() => undefined);
    throw bodyNotExpected();
  }
}

function bodyNotExpected(): BuildlabError {
  return new BuildlabError("invalid_input", "This route reads no request body; send the request without one.");
}
