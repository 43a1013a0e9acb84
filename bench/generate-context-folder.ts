import { randomFillSync } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface GeneratedContext {
  folder: string;
  files: number;
  bytes: number;
}

// Files per sub-folder, as a source tree or a data set spreads them.
const FILES_PER_FOLDER = 100;

/**
 * Writes a build context of `files` files with `bytes` bytes of random content in all under
 * `folder`, plus a Dockerfile. Sizes vary from about a fifth to about twice the mean. They are
 * drawn from a fixed seed, so every run writes the same sizes. The content is random, so nothing
 * on the way can compress it.
 */
export async function generateContextFolder(folder: string, files: number, bytes: number): Promise<GeneratedContext> {
  const dockerfile = "FROM scratch\nCOPY . /context/\n";
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "Dockerfile"), dockerfile);

  const sizes = drawSizes(files - 1, bytes - dockerfile.length);
  const buffer = Buffer.alloc(Math.max(...sizes));
  for (let index = 0; index < sizes.length; index += 1) {
    const subfolder = join(folder, `part-${String(Math.floor(index / FILES_PER_FOLDER)).padStart(3, "0")}`);
    if (index % FILES_PER_FOLDER === 0) await mkdir(subfolder, { recursive: true });
    const content = buffer.subarray(0, sizes[index]);
    randomFillSync(content);
    await writeFile(join(subfolder, `file-${String(index).padStart(5, "0")}.bin`), content);
  }

  return { folder, files, bytes };
}

function drawSizes(count: number, total: number): number[] {
  // A linear congruential generator (Numerical Recipes constants) is enough for a spread of sizes.
  let state = 20_261_204;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const weights = Array.from({ length: count }, () => 0.2 + 1.8 * next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((weight) => Math.floor((weight / sum) * total));
  sizes[sizes.length - 1] += total - sizes.reduce((a, b) => a + b, 0);
  return sizes;
}
