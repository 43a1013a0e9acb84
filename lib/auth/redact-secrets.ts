import { format } from "node:util";

// Settings whose values never appear in a log line: tokens, passwords and registry credentials.
const SECRET_NAME = /^BUILDLAB_(\w*(TOKEN|PASSWORD|SECRET|CREDENTIALS?)|REGISTRY_USERNAME)$/;
const REPLACEMENT = "[redacted]";
const METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

const globalForRedaction = globalThis as unknown as { buildlabRedaction?: string[] };

/** Lists the values of secret settings in `source`, longest first so that overlapping ones are replaced whole. */
export function listSecretValues(source: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(source)
    .filter(([name, value]) => SECRET_NAME.test(name) && value && value.length >= 4)
    .map(([, value]) => value as string)
    .sort((left, right) => right.length - left.length);
}

/** Replaces every secret value in `text`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) redacted = redacted.split(secret).join(REPLACEMENT);
  return redacted;
}

/**
 * Makes the console methods replace the values of secret settings (BUILDLAB_*_TOKEN, *_PASSWORD,
 * *_SECRET, *_CREDENTIALS and BUILDLAB_REGISTRY_USERNAME) before they print, as a last guard against logging one by accident.
 * Arguments are formatted with util.format first, as console does. Installs once per process.
 */
export function installSecretRedaction(source: NodeJS.ProcessEnv = process.env): void {
  if (globalForRedaction.buildlabRedaction) return;
  const secrets = listSecretValues(source);
  globalForRedaction.buildlabRedaction = secrets;
  if (!secrets.length) return;

  for (const method of METHODS) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => original(redactSecrets(format(...args), secrets));
  }
}
