import { BuildlabError } from "../errors";

/**
 * Reads a small request body as UTF-8 text, stopping with a 413 as soon as it passes `maxBytes` so
 * that a huge body is never held in memory. Invalid UTF-8 is a 400.
 */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }

  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new BuildlabError("invalid_input", "The request body is not valid UTF-8.");
  }
}

function tooLarge(maxBytes: number): BuildlabError {
  return new BuildlabError("context_too_large", `The request body is larger than ${maxBytes} bytes, the limit of this route.`);
}
