import http from "node:http";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Stops reading a 200 response after its headers, for event streams. */
  headersOnly?: boolean;
  /** Milliseconds without any data after which the request fails; 60 s unless given. */
  timeoutMs?: number;
}

/**
 * Sends one request with node:http, which, unlike fetch, sends any Host, Origin or Content-Length
 * header as given, and reads the response as text.
 */
export function request(baseUrl: string, options: RawRequest): Promise<RawResponse> {
  const url = new URL(options.path, baseUrl);

  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? "GET", headers: options.headers },
      (response) => {
        if (options.headersOnly && response.statusCode === 200) {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text: "" });
          response.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.setTimeout(options.timeoutMs ?? 60_000, () => outgoing.destroy(new Error(`${options.method ?? "GET"} ${options.path} timed out`)));
    outgoing.end(options.body);
  });
}

/** Builds a multipart/form-data body from text fields and files. */
export function multipartBody(fields: Record<string, string | Buffer>, files: { field: string; filename: string; content: Buffer }[] = []): { body: Buffer; contentType: string } {
  const boundary = `----buildlab-test-${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];

  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n`), Buffer.from(value), Buffer.from("\r\n"));
  }
  for (const file of files) {
    parts.push(
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
      file.content,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
