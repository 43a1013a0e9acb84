// Serves the built dashboard: starts an embedded PostgreSQL when DATABASE_URL is unset, applies the
// migrations, then runs `next start` on 127.0.0.1 and stops the database when the server exits.
import { spawn } from "node:child_process";
import path from "node:path";
import { applyMigrations } from "../lib/db/apply-migrations";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/db/start-embedded-postgres";

const port = Number(process.env.PORT ?? 3000);
const databasePort = Number(process.env.BUILDLAB_DB_PORT ?? 54329);
const dataDir = path.resolve(process.env.BUILDLAB_DATA_DIR ?? ".data");

async function main(): Promise<void> {
  let database: EmbeddedDatabase | undefined;
  let url = process.env.DATABASE_URL;

  if (!url) {
    console.info(`[start] starting the embedded PostgreSQL on 127.0.0.1:${databasePort} with data in ${path.join(dataDir, "postgres")}`);
    database = await startEmbeddedPostgres(dataDir, databasePort);
    url = database.url;
  }

  const applied = await applyMigrations(url);
  console.info(`[start] database ready${applied.length ? `, applied ${applied.join(", ")}` : ""}: ${url.replace(/\/\/[^@]*@/, "//")}`);

  const nextBin = path.resolve("node_modules", "next", "dist", "bin", "next");
  const server = spawn(process.execPath, [nextBin, "start", "--hostname", "127.0.0.1", "--port", String(port)], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url, BUILDLAB_DATA_DIR: dataDir },
  });
  console.info(`[start] Buildlab is starting at http://127.0.0.1:${port}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  const exitCode = await new Promise<number>((resolve) => server.on("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1))));
  if (database) {
    console.info("[start] stopping the embedded PostgreSQL");
    await database.stop();
  }
  process.exit(exitCode);
}

main().catch((error: Error) => {
  console.error(`[start] Buildlab failed to start: ${error.message}`);
  process.exit(1);
});
