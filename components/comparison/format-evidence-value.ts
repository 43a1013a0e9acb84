/**
 * Formats a stored value (a finding's evidence, one side of an image difference) for reading:
 * strings as they are, null and undefined as "not set", and anything else as compact JSON.
 */
export function formatEvidenceValue(value: unknown): string {
  if (value === null || value === undefined) return "not set";
  if (typeof value === "string") return value === "" ? '"" (empty)' : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
