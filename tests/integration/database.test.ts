import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";

describe("test database", () => {
  afterAll(async () => {
    await getDb().$disconnect();
  });

  it("has the migrated schema", async () => {
    const rows = await getDb().$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM "_prisma_migrations"`;
    expect(rows.map((row) => row.migration_name)).toContain("20261204000000_init");
  });

  it("stores timestamps with milliseconds", async () => {
    const db = getDb();
    const comparison = await db.comparison.create({
      data: {
        title: "timestamp check",
        source: "paste",
        dockerfile: "FROM scratch",
        contextDigest: "sha256:test",
        contextBytes: 1n,
        contextFiles: 1,
        strategies: [],
        scenarios: ["cold"],
      },
    });
    const startedAt = new Date("2026-01-02T03:04:05.678Z");
    await db.comparison.update({ where: { id: comparison.id }, data: { startedAt } });

    const stored = await db.comparison.findUniqueOrThrow({ where: { id: comparison.id } });
    expect(stored.startedAt?.toISOString()).toBe("2026-01-02T03:04:05.678Z");

    await db.comparison.delete({ where: { id: comparison.id } });
  });
});
