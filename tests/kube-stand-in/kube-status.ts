import type { ServerResponse } from "node:http";

export type StatusReason =
  | "BadRequest"
  | "Unauthorized"
  | "NotFound"
  | "AlreadyExists"
  | "Invalid"
  | "MethodNotAllowed"
  | "InternalError";

const CODES: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  NotFound: 404,
  MethodNotAllowed: 405,
  AlreadyExists: 409,
  Invalid: 422,
  InternalError: 500,
};

/** An error the stand-in returns as a meta/v1 Status, the body every Kubernetes API error has. */
export class KubeStatusError extends Error {
  constructor(
    readonly reason: StatusReason,
    message: string,
    readonly details?: { name?: string; kind?: string },
  ) {
    super(message);
  }

  get code(): number {
    return CODES[this.reason];
  }

  toStatus() {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** The NotFound error the API server returns for a named object, such as `pods "x" not found`. */
export function notFound(resource: string, name: string): KubeStatusError {
  return new KubeStatusError("NotFound", `${resource} "${name}" not found`, { name, kind: resource });
}

export function sendJson(response: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

export function sendStatusError(response: ServerResponse, error: KubeStatusError): void {
  sendJson(response, error.code, error.toStatus());
}
