import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import Busboy from "busboy";
import { getEnv } from "../env";
import { BuildlabError } from "../errors";
import { comparisonOptionsSchema, type Submission } from "../runner/submit-comparison";

// Form fields are small; the Dockerfile field is the largest of them.
const MAX_FIELD_BYTES = 1024 * 1024;

export interface ComparisonForm {
  submission: Submission;
  /** Removes the temporary files the upload was spooled to. */
  dispose: () => Promise<void>;
}

/**
 * Reads a multipart comparison form as a stream. Uploaded files are spooled to a temporary folder,
 * never held in memory, and the upload is cut off as soon as it passes the context size limit.
 */
export async function readComparisonForm(request: Request): Promise<ComparisonForm> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    throw new BuildlabError("invalid_input", "Send the comparison as multipart/form-data (fields: sample or dockerfile, archive or files, strategies).");
  }
  if (!request.body) throw new BuildlabError("invalid_input", "The request has no body.");

  const env = getEnv();
  const uploadLimit = env.BUILDLAB_CONTEXT_MAX_BYTES + env.BUILDLAB_CONTEXT_MAX_FILES * 1024 + 1024 * 1024;
  const spoolDir = await mkdtemp(path.join(await ensureDir(path.resolve(env.BUILDLAB_DATA_DIR, "uploads")), "upload-"));
  const dispose = () => rm(spoolDir, { recursive: true, force: true });

  try {
    const limits = { uploadBytes: uploadLimit, contextBytes: env.BUILDLAB_CONTEXT_MAX_BYTES, files: env.BUILDLAB_CONTEXT_MAX_FILES };
    const { fields, files } = await parseMultipart(request, contentType, spoolDir, limits);
    const submission = toSubmission(fields, files);
    return { submission, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

interface SpooledFile {
  field: string;
  filename: string;
  spooledPath: string;
}

interface UploadLimits {
  /** Bytes of the whole upload, which a tar's headers make larger than the files it holds. */
  uploadBytes: number;
  contextBytes: number;
  files: number;
}

async function parseMultipart(request: Request, contentType: string, spoolDir: string, limits: UploadLimits) {
  const fields = new Map<string, string[]>();
  const files: SpooledFile[] = [];
  let uploaded = 0;
  const writes: Promise<void>[] = [];

  let parser: Busboy.Busboy;
  try {
    // Fields are read as latin1, which keeps every byte, and then decoded strictly as UTF-8 below,
    // because busboy's own UTF-8 decoding replaces invalid bytes instead of rejecting them.
    parser = Busboy({ headers: { "content-type": contentType }, defCharset: "latin1", limits: { fieldSize: MAX_FIELD_BYTES, files: limits.files + 1, fields: 50 } });
  } catch (error) {
    throw new BuildlabError("invalid_input", `The multipart body could not be read: ${(error as Error).message}.`);
  }

  const done = new Promise<void>((resolve, reject) => {
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) {
        reject(new BuildlabError("invalid_input", `Field "${name}" is longer than ${MAX_FIELD_BYTES} bytes.`));
        return;
      }
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(value, "latin1"));
      } catch {
        reject(new BuildlabError("invalid_input", `Field "${name}" is not valid UTF-8; send text fields as UTF-8.`));
        return;
      }
      fields.set(name, [...(fields.get(name) ?? []), text]);
    });

    parser.on("file", (name, stream, info) => {
      if (name !== "archive" && name !== "files") {
        stream.resume();
        reject(new BuildlabError("invalid_input", `Unexpected file field "${name}"; upload an "archive" or "files".`));
        return;
      }
      const spooledPath = path.join(spoolDir, `part-${files.length}`);
      files.push({ field: name, filename: info.filename ?? "", spooledPath });

      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          uploaded += chunk.length;
          if (uploaded > limits.uploadBytes) {
            callback(new BuildlabError("context_too_large", `The upload is larger than the context limit of ${limits.contextBytes} bytes (BUILDLAB_CONTEXT_MAX_BYTES); make the context smaller or exclude files with .dockerignore.`));
            return;
          }
          callback(null, chunk);
        },
      });
      // A failed write ends the parse at once: busboy stops reading when a file stream is destroyed,
      // so waiting for its "close" would wait forever.
      const write = pipeline(stream, counter, createWriteStream(spooledPath));
      write.catch(reject);
      writes.push(write);
    });

    parser.on("filesLimit", () => reject(new BuildlabError("context_too_large", `The upload has more than ${limits.files} files (BUILDLAB_CONTEXT_MAX_FILES).`)));
    parser.on("error", (error: Error) => reject(new BuildlabError("invalid_input", `The multipart body could not be read: ${error.message}.`)));
    parser.on("close", () => resolve());
  });

  const body = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
  body.on("error", (error) => parser.destroy(error));
  body.pipe(parser);

  try {
    await done;
    await Promise.all(writes);
  } finally {
    body.unpipe(parser);
    body.resume();
  }
  return { fields, files };
}

function single(fields: Map<string, string[]>, name: string): string | undefined {
  const values = fields.get(name);
  if (values && values.length > 1) throw new BuildlabError("invalid_input", `Field "${name}" was sent ${values.length} times; send it once.`);
  return values?.[0];
}

function parseJsonField(fields: Map<string, string[]>, name: string): unknown {
  const raw = single(fields, name);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new BuildlabError("invalid_input", `Field "${name}" is not valid JSON.`);
  }
}

function toSubmission(fields: Map<string, string[]>, files: SpooledFile[]): Submission {
  const iterationsRaw = single(fields, "iterations");
  const options = comparisonOptionsSchema.parse({
    title: single(fields, "title") || undefined,
    strategies: parseJsonField(fields, "strategies"),
    scenarios: parseJsonField(fields, "scenarios"),
    iterations: iterationsRaw === undefined || iterationsRaw === "" ? undefined : Number(iterationsRaw),
    dockerfilePath: single(fields, "dockerfilePath") || undefined,
    schedule: single(fields, "schedule") || undefined,
  });

  const sample = single(fields, "sample");
  const dockerfileText = single(fields, "dockerfile");
  const archives = files.filter((file) => file.field === "archive");
  const contextFiles = files.filter((file) => file.field === "files");

  const sources = [sample ? 1 : 0, archives.length ? 1 : 0, contextFiles.length ? 1 : 0].reduce((sum, value) => sum + value, 0);
  if (sources > 1) throw new BuildlabError("invalid_input", "Send one context: a sample, an archive, or files, not several.");
  if (archives.length > 1) throw new BuildlabError("invalid_input", "Send one archive (.tar or .tar.gz).");

  if (sample) {
    if (dockerfileText !== undefined) throw new BuildlabError("invalid_input", "A sample brings its own Dockerfile; do not send a dockerfile with it.");
    return { options, source: { kind: "sample", name: sample } };
  }

  if (archives.length === 1) {
    const spooledPath = archives[0].spooledPath;
    return { options, dockerfileText, source: { kind: "archive", stream: createReadStream(spooledPath) } };
  }

  if (contextFiles.length) {
    const paths = parseJsonField(fields, "paths");
    const names = Array.isArray(paths) && paths.length === contextFiles.length && paths.every((entry) => typeof entry === "string")
      ? (paths as string[])
      : contextFiles.map((file) => file.filename);
    const entries = contextFiles.map((file, index) => ({
      path: stripTopFolder(names[index], names),
      open: () => createReadStream(file.spooledPath),
    }));
    return { options, dockerfileText, source: { kind: "files", files: entries } };
  }

  if (dockerfileText !== undefined) {
    // A pasted Dockerfile alone is a context of one file.
    return { options, dockerfileText, source: { kind: "files", files: [] } };
  }

  throw new BuildlabError("invalid_input", "The request has no context: choose a sample, or paste a Dockerfile and upload files or an archive.");
}

// A folder picked in a browser sends paths such as "my-app/src/app.py"; the context is the folder itself.
function stripTopFolder(name: string, all: string[]): string {
  const top = name.split("/")[0];
  const shared = all.length > 0 && all.every((entry) => entry.includes("/") && entry.split("/")[0] === top);
  return shared ? name.slice(top.length + 1) : name;
}

async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}
