import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

const SUPPORTED_ALGORITHMS = ["sha256", "sha512"] as const;

/** Starts a hash for an OCI digest ("sha256:<hex>" or "sha512:<hex>"); throws on another algorithm. */
export function createDigestHash(digest: string): Hash {
  const algorithm = digest.split(":")[0];
  if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new Error(`Unsupported digest "${digest}": only ${SUPPORTED_ALGORITHMS.join(" and ")} digests can be verified.`);
  }
  return createHash(algorithm);
}

/**
 * Creates a pass-through stream that hashes the bytes flowing through it. It fails at the end when
 * the digest or the byte count differs from the descriptor, so a corrupt or truncated blob is
 * rejected without being held in memory. `subject` names the blob in the error.
 */
export function createDigestVerifier(expectedDigest: string, expectedSize: number | undefined, subject: string): Transform {
  const hash = createDigestHash(expectedDigest);
  const algorithm = expectedDigest.split(":")[0];
  let byteCount = 0;

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk);
      byteCount += chunk.length;
      if (expectedSize !== undefined && byteCount > expectedSize) {
        callback(new Error(`${subject} is larger than the ${expectedSize} bytes its descriptor gives, so the registry sent a different blob.`));
        return;
      }
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      const actual = `${algorithm}:${hash.digest("hex")}`;
      if (actual !== expectedDigest) {
        callback(new Error(`${subject} failed digest verification: expected ${expectedDigest}, received ${actual}. The blob in the registry is corrupt or was replaced; push the image again.`));
        return;
      }
      if (expectedSize !== undefined && byteCount !== expectedSize) {
        callback(new Error(`${subject} is ${byteCount} bytes, but its descriptor gives ${expectedSize}; push the image again.`));
        return;
      }
      callback();
    },
  });
}
