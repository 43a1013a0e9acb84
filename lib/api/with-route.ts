import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { BuildlabError, toError } from "../errors";

type RouteContext<Params> = { params: Promise<Params> };
type Handler<Params> = (request: Request, params: Params) => Promise<Response>;

/**
 * Wraps a route handler so that it reads as the happy path: a BuildlabError becomes its status and
 * message, a ZodError a 400 listing the invalid fields, and anything else is logged and answered
 * with a generic 500 that hides internals.
 */
export function withRoute<Params = Record<string, string>>(name: string, handler: Handler<Params>) {
  return async (request: Request, context: RouteContext<Params>): Promise<Response> => {
    try {
      return await handler(request, await context.params);
    } catch (error) {
      return errorResponse(name, error);
    }
  };
}

export function errorResponse(name: string, error: unknown): Response {
  if (error instanceof BuildlabError) {
    return NextResponse.json({ error: { code: error.code, message: error.message, details: error.details } }, { status: error.status });
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
