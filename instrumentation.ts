// Next.js calls register() once when the server starts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;

  const { applyMigrations } = await import("./lib/db/apply-migrations");
  const { recoverInterruptedRuns } = await import("./lib/runner/recover-interrupted-runs");

  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("[start] DATABASE_URL is not set: start Buildlab with scripts/start.sh, which starts an embedded PostgreSQL, or set DATABASE_URL.");
    return;
  }

  const applied = await applyMigrations(url);
  if (applied.length) console.info(`[start] applied migrations: ${applied.join(", ")}`);
  await recoverInterruptedRuns();
}
