import { shellQuote } from "./shell-quote";

/** Builds a `docker login` that reads the password from stdin, so that it never appears in a process list. */
export function registryLoginCommand(registry: string, userVariable: string, passwordVariable: string): string {
  return `echo "$${passwordVariable}" | docker login ${shellQuote(registry)} --username "$${userVariable}" --password-stdin`;
}
