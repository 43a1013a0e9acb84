import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

import { getSampleDirectory } from "./get-sample-directory";
import { samplesRoot } from "./samples-root";
import type { Sample } from "./types";

const sampleFileSchema = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
});

/**
 * Lists the sample contexts in `samples/`, sorted by name: every folder with a `sample.json`.
 * A `sample.json` without a title or description throws, naming the file, since samples ship with
 * the code and a broken one is a bug to fix rather than to hide.
 */
export async function listSamples(): Promise<Sample[]> {
  const folders = await readdir(samplesRoot(), { withFileTypes: true }).catch(() => []);
  const samples: Sample[] = [];
  for (const folder of folders.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
    let directory: string;
    try {
      directory = getSampleDirectory(folder);
    } catch {
      // No sample.json, or a name a sample cannot have: not a sample.
      continue;
    }

    const file = join(directory, "sample.json");
    const parsed = sampleFileSchema.safeParse(parseJson(await readFile(file, "utf8")));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
      throw new Error(`Invalid sample file ${file}: ${problems}. Give it a JSON object with a non-empty title and description.`);
    }
    samples.push({ name: folder, ...parsed.data });
  }
  return samples;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Reported by the schema check as a missing title and description.
    return undefined;
  }
}
