import type { Readable } from "node:stream";

/** One Dockerfile instruction. Lines are 1-based and name the line where the instruction starts. */
export interface DockerfileInstruction {
  line: number;
  /** Upper-case instruction keyword, such as "RUN". */
  keyword: string;
  /** Arguments with line continuations joined, as dockerfile-ast returns them. */
  args: string;
}

/** One build stage, opened by a FROM instruction. */
export interface DockerfileStage {
  /** Position among the stages, from 0, as `COPY --from=0` counts them. */
  index: number;
  /** The name given with `AS`, lower-cased as Docker treats stage names. */
  name?: string;
  /** The image or earlier stage named by FROM, with ARG defaults substituted. */
  baseImage: string;
  line: number;
}

export interface DockerfileProblem {
  line: number;
  message: string;
}

export interface ParsedDockerfile {
  instructions: DockerfileInstruction[];
  stages: DockerfileStage[];
  /** External images named by FROM, in order of appearance, without duplicates, `scratch` or stage names. */
  baseImages: string[];
  /** Errors that stop a build, sorted by line. Warnings are left out. */
  problems: DockerfileProblem[];
}

/** A file uploaded from a browser, with its path relative to the context root. */
export interface UploadedFile {
  path: string;
  open: () => Readable;
  /** Size in bytes when the client reported it; files without one are spooled to disk first. */
  size?: number;
  /** Unix permission bits; only the executable bits are kept. */
  mode?: number;
}

export type ContextInput =
  | { kind: "directory"; path: string }
  /** An uploaded `.tar` or `.tar.gz`; gzip is detected from the first bytes. */
  | { kind: "archive"; stream: Readable }
  | { kind: "files"; files: UploadedFile[] };

export interface StoreContextOptions {
  /** Folder the tar is stored under, in `contexts/`. */
  dataDir: string;
  /** Maximum sum of file sizes in bytes. */
  maxBytes: number;
  /** Maximum number of regular files and links. */
  maxFiles: number;
  /** Path of the Dockerfile inside the context; "Dockerfile" when not given. */
  dockerfilePath?: string;
  /** Pasted Dockerfile text, stored at `dockerfilePath` in place of any file there. */
  dockerfileText?: string;
}

export interface StoredContext {
  /** Absolute path of the stored tar. */
  path: string;
  /** "sha256:" and the hex SHA-256 of the tar. */
  digest: string;
  /** Size of the tar in bytes. */
  bytes: number;
  /** Number of regular files and links in the tar. */
  files: number;
  dockerfilePath: string;
  dockerfile: string;
  parsed: ParsedDockerfile;
}

/** A sample context shipped in `samples/<name>/`. */
export interface Sample {
  name: string;
  title: string;
  description: string;
}
