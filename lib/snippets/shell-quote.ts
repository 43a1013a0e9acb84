// Words made of these characters need no quotes in POSIX sh; `$` stays out, so variables are never
// expanded by accident inside a quoted value.
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a value for a POSIX shell command line, leaving plain words as they are. */
export function shellQuote(value: string): string {
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}
