import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { REGISTRY_SOCKET_NAME, SOCKET_NAME } from "./build-daemon-args";

export const SOCKET_DIR_PREFIX = "buildlab-dind-";
// Linux keeps a unix socket path in sun_path, 108 bytes with the terminating NUL.
const MAX_SOCKET_PATH_BYTES = 107;
// mkdtemp appends six random characters to the prefix.
const RANDOM_SUFFIX_LENGTH = 6;

/**
 * Creates the host folder for one run's unix sockets (the inner daemon's and the registry
 * forward's), named after the run so that crash recovery can tell whose it is:
 * `<root>/buildlab-dind-<run id>-XXXXXX`.
 */
export async function createSocketDir(runId: string, root = os.tmpdir()): Promise<string> {
  const dir = await mkdtemp(path.join(root, `${SOCKET_DIR_PREFIX}${runId}-`));

  for (const name of [SOCKET_NAME, REGISTRY_SOCKET_NAME]) {
    const socketPath = path.join(dir, name);
    if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(
        `The unix socket path ${socketPath} is longer than the ${MAX_SOCKET_PATH_BYTES} bytes a unix socket ` +
          "allows; set TMPDIR to a shorter folder.",
      );
    }
  }
  return dir;
}

/** Reads the run id from a socket folder name made by createSocketDir, or undefined for other names. */
export function readSocketDirRunId(name: string): string | undefined {
  if (!name.startsWith(SOCKET_DIR_PREFIX) || name.length <= SOCKET_DIR_PREFIX.length + RANDOM_SUFFIX_LENGTH + 1) return undefined;
  const withoutSuffix = name.slice(0, -(RANDOM_SUFFIX_LENGTH + 1));
  if (name[withoutSuffix.length] !== "-") return undefined;
  return withoutSuffix.slice(SOCKET_DIR_PREFIX.length);
}
