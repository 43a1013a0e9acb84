/**
 * Bundles a TypeScript entry point with its imports (the `@/` paths included) into one ES module
 * at `outfile`, so that it runs on plain Node.js without tsx's loader, as the Next.js server runs
 * Buildlab's code bundled. Uses the esbuild that tsx installs. Returns false when esbuild cannot
 * be loaded, so the caller can fall back to tsx.
 */
export async function bundleScript(entry: string, outfile: string): Promise<boolean> {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    return false;
  }

  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    logLevel: "warning",
    // Some bundled CommonJS packages call require() for Node.js built-ins, which an ES module lacks.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return true;
}
