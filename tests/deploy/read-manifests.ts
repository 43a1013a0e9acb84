import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

export const KUBERNETES_DIR = path.resolve(__dirname, "../../deploy/kubernetes");

/** One Kubernetes object from a manifest file. */
export interface Manifest {
  file: string;
  /** Position of the document in its file, from 0. */
  index: number;
  object: {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string> };
    [field: string]: unknown;
  };
}

/** Lists the YAML files under deploy/kubernetes, kustomization.yaml included. */
export function listManifestFiles(): string[] {
  return readdirSync(KUBERNETES_DIR)
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
    .sort();
}

/**
 * Parses every document of every manifest file except kustomization.yaml, which is kustomize's
 * configuration and no Kubernetes object. A YAML syntax error or warning throws with the file name.
 */
export function readManifests(): Manifest[] {
  const manifests: Manifest[] = [];

  for (const file of listManifestFiles()) {
    if (file === "kustomization.yaml") continue;
    const documents = parseAllDocuments(readFileSync(path.join(KUBERNETES_DIR, file), "utf8"));
    if (!Array.isArray(documents)) throw new Error(`${file}: not a YAML stream`);

    documents.forEach((document, index) => {
      const problems = [...document.errors, ...document.warnings];
      if (problems.length > 0) throw new Error(`${file} document ${index}: ${problems.map((problem) => problem.message).join("; ")}`);
      const object = document.toJS();
      if (object === null || object === undefined) return;
      manifests.push({ file, index, object });
    });
  }
  return manifests;
}

/** Finds the one manifest of a kind and name, or throws listing what exists. */
export function findManifest(manifests: readonly Manifest[], kind: string, name: string): Manifest["object"] {
  const found = manifests.filter((manifest) => manifest.object.kind === kind && manifest.object.metadata.name === name);
  if (found.length !== 1) {
    const present = manifests.map((manifest) => `${manifest.object.kind}/${manifest.object.metadata.name}`).join(", ");
    throw new Error(`expected one ${kind}/${name}, found ${found.length}; present: ${present}`);
  }
  return found[0].object;
}
