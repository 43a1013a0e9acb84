// Next.js calls register() once when the server starts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;

  const { installSecretRedaction } = await import("./lib/auth/redact-secrets");
  installSecretRedaction();

  const { applyMigrations } = await import("./lib/db/apply-migrations");
  const { describeAccessMode, readAccessSettings } = await import("./lib/auth/access-settings");
  const { startComparisonQueue } = await import("./lib/runner/comparison-queue");

  // Reading the settings first stops start-up on an invalid value, with the variable's name.
  console.info(`[start] access: ${describeAccessMode(readAccessSettings())}`);

  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("[start] DATABASE_URL is not set: start Buildlab with scripts/start.sh, which starts an embedded PostgreSQL, or set DATABASE_URL.");
    return;
  }

  const applied = await applyMigrations(url);
  if (applied.length) console.info(`[start] applied migrations: ${applied.join(", ")}`);

  // The first start also removes what earlier runs left behind, since a crash leaves no one else to.
  try {
    await startComparisonQueue({ removeLeftovers: true });
  } catch (error) {
    console.error("[start] the job queue did not start; comparisons stay queued until a Buildlab process with a working queue takes them", error);
  }
}
