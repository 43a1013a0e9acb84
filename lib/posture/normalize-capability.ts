/** Writes a capability name the way the Pod Security Standards list it: upper case, without "CAP_". */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith("CAP_") ? upper.slice("CAP_".length) : upper;
}
