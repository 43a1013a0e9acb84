import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { hostileArchives } from "./hostile-tars";
import { multipartBody, request, type RawRequest } from "./http-request";
import { insertFixtureComparison } from "./insert-fixture-comparison";
import { startBuildlab, type BuildlabServer } from "./start-buildlab";

const PORT = 3475;
const ADMIN_TOKEN = "bad-input-admin-token-0123456789";
const MAX_FILES = 40;
const MAX_BYTES = 256 * 1024;
const UNKNOWN_ID = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";
const BUSYBOX = "FROM localhost:5000/buildlab/busybox:lab\nRUN true\n";
const STRATEGIES = JSON.stringify([{ strategy: "socket" }]);
// 0xC3 0x28 is an invalid two-byte UTF-8 sequence.
const INVALID_UTF8 = Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xc3, 0x28, 0x0a]);

const TABLES = ["comparison", "run", "phase", "step", "log_line", "finding", "image_summary", "image_equivalence"];

interface BadRequest extends RawRequest {
  name: string;
}

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
let server: BuildlabServer;
let fixture: { comparisonId: string; runId: string };
let shareToken: string;

function submission(fields: Record<string, string | Buffer>, files: { field: string; filename: string; content: Buffer }[] = []): Pick<RawRequest, "headers" | "body"> {
  const { body, contentType } = multipartBody(fields, files);
  return { headers: { ...auth, "content-type": contentType }, body };
}

function json(value: unknown): Pick<RawRequest, "headers" | "body"> {
  return { headers: { "content-type": "application/json" }, body: typeof value === "string" ? value : JSON.stringify(value) };
}

async function countRows(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...TABLES, "pgboss.job"]) {
    const quoted = table.includes(".") ? table : `"${table}"`;
    const [row] = await getDb().$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) AS count FROM ${quoted}`);
    counts[table] = Number(row.count);
  }
  return counts;
}

async function corpus(): Promise<BadRequest[]> {
  const comparisons: BadRequest[] = [
    { name: "no content type", method: "POST", path: "/api/comparisons", headers: auth, body: "dockerfile=FROM x" },
    { name: "JSON instead of a form", method: "POST", path: "/api/comparisons", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ dockerfile: BUSYBOX, strategies: [{ strategy: "socket" }] }) },
    { name: "multipart without boundary", method: "POST", path: "/api/comparisons", headers: { ...auth, "content-type": "multipart/form-data" }, body: "--x\r\n" },
    { name: "truncated multipart", method: "POST", path: "/api/comparisons", headers: { ...auth, "content-type": "multipart/form-data; boundary=abc" }, body: '--abc\r\ncontent-disposition: form-data; name="dockerfile"\r\n\r\nFROM x' },
    { name: "missing strategies", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX }) },
    { name: "missing context", method: "POST", path: "/api/comparisons", ...submission({ strategies: STRATEGIES }) },
    { name: "strategies not JSON", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: "socket" }) },
    { name: "strategies an object", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: '{"strategy":"socket"}' }) },
    { name: "unknown strategy", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: '[{"strategy":"podman"}]' }) },
    { name: "strategy name a number", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: '[{"strategy":5}]' }) },
    { name: "unknown mode", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: '[{"strategy":"socket","mode":"turbo"}]' }) },
    { name: "iterations not a number", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: STRATEGIES, iterations: "many" }) },
    { name: "iterations too many", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: STRATEGIES, iterations: "100000" }) },
    { name: "unknown scenario", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: STRATEGIES, scenarios: '["hot"]' }) },
    { name: "title too long", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: STRATEGIES, title: "t".repeat(5000) }) },
    { name: "Dockerfile path leaving the context", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: STRATEGIES, dockerfilePath: "../../etc/passwd" }) },
    { name: "sample name with a path", method: "POST", path: "/api/comparisons", ...submission({ sample: "../../etc", strategies: STRATEGIES }) },
    { name: "unknown sample", method: "POST", path: "/api/comparisons", ...submission({ sample: "no-such-sample", strategies: STRATEGIES }) },
    { name: "field sent twice", method: "POST", path: "/api/comparisons", headers: { ...auth, "content-type": "multipart/form-data; boundary=b" }, body: `--b\r\ncontent-disposition: form-data; name="strategies"\r\n\r\n${STRATEGIES}\r\n--b\r\ncontent-disposition: form-data; name="strategies"\r\n\r\n${STRATEGIES}\r\n--b\r\ncontent-disposition: form-data; name="dockerfile"\r\n\r\n${BUSYBOX}\r\n--b--\r\n` },
    { name: "Dockerfile without FROM", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: "RUN echo no base\n", strategies: STRATEGIES }) },
    { name: "Dockerfile of invalid UTF-8", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: INVALID_UTF8, strategies: STRATEGIES }) },
    { name: "field larger than 1 MiB", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: `${BUSYBOX}# ${"x".repeat(1024 * 1024 + 10)}\n`, strategies: STRATEGIES }) },
    { name: "upload past the context limit", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: STRATEGIES }, [{ field: "files", filename: "big.bin", content: Buffer.alloc(MAX_BYTES * 2 + MAX_FILES * 1024 + 2 * 1024 * 1024) }]) },
    { name: "unexpected file field", method: "POST", path: "/api/comparisons", ...submission({ dockerfile: BUSYBOX, strategies: STRATEGIES }, [{ field: "payload", filename: "x", content: Buffer.from("x") }]) },
    { name: "two archives", method: "POST", path: "/api/comparisons", ...submission({ strategies: STRATEGIES }, [{ field: "archive", filename: "a.tar", content: Buffer.alloc(1024) }, { field: "archive", filename: "b.tar", content: Buffer.alloc(1024) }]) },
  ];

  for (const { name, archive } of await hostileArchives(MAX_FILES, MAX_BYTES)) {
    comparisons.push({ name: `archive: ${name}`, method: "POST", path: "/api/comparisons", ...submission({ strategies: STRATEGIES }, [{ field: "archive", filename: "context.tar", content: archive }]) });
  }

  const ids = ["not-a-uuid", "1", "%FF%FE", "0b5e8c8e-3f0a-4a7e-9c1d", `${"a".repeat(2000)}`, "0b5e8c8e-3f0a-4a7e-9c1d-2f6b7a1e9d40'; DROP TABLE run;--"];
  const byId: BadRequest[] = [];
  for (const id of ids) {
    const encoded = id.startsWith("%") ? id : encodeURIComponent(id);
    byId.push(
      { name: `comparison id ${id.slice(0, 20)}`, path: `/api/comparisons/${encoded}`, headers: auth },
      { name: `events of id ${id.slice(0, 20)}`, path: `/api/comparisons/${encoded}/events`, headers: auth },
      { name: `snippets of id ${id.slice(0, 20)}`, path: `/api/comparisons/${encoded}/snippets`, headers: auth },
      { name: `export of id ${id.slice(0, 20)}`, path: `/api/comparisons/${encoded}/export?format=csv`, headers: auth },
      { name: `history of id ${id.slice(0, 20)}`, path: `/api/comparisons/${encoded}/history`, headers: auth },
      { name: `cancel id ${id.slice(0, 20)}`, method: "POST", path: `/api/comparisons/${encoded}/cancel`, headers: auth },
      { name: `share id ${id.slice(0, 20)}`, method: "POST", path: `/api/comparisons/${encoded}/share`, headers: auth },
      { name: `unshare id ${id.slice(0, 20)}`, method: "DELETE", path: `/api/comparisons/${encoded}/share`, headers: auth },
      { name: `log of run id ${id.slice(0, 20)}`, path: `/api/runs/${encoded}/log`, headers: auth },
    );
  }

  const unknown: BadRequest[] = [
    { name: "unknown comparison", path: `/api/comparisons/${UNKNOWN_ID}`, headers: auth },
    { name: "events of unknown comparison", path: `/api/comparisons/${UNKNOWN_ID}/events`, headers: auth },
    { name: "snippets of unknown comparison", path: `/api/comparisons/${UNKNOWN_ID}/snippets`, headers: auth },
    { name: "cancel unknown comparison", method: "POST", path: `/api/comparisons/${UNKNOWN_ID}/cancel`, headers: auth },
    { name: "share unknown comparison", method: "POST", path: `/api/comparisons/${UNKNOWN_ID}/share`, headers: auth },
    { name: "unshare unknown comparison", method: "DELETE", path: `/api/comparisons/${UNKNOWN_ID}/share`, headers: auth },
    { name: "log of unknown run", path: `/api/runs/${UNKNOWN_ID}/log`, headers: auth },
    { name: "cancel a finished comparison", method: "POST", path: `/api/comparisons/${fixture.comparisonId}/cancel`, headers: auth },
    { name: "export of unknown comparison", path: `/api/comparisons/${UNKNOWN_ID}/export?format=json`, headers: auth },
    { name: "history of unknown comparison", path: `/api/comparisons/${UNKNOWN_ID}/history`, headers: auth },
    { name: "export in an unknown format", path: `/api/comparisons/${fixture.comparisonId}/export?format=xlsx`, headers: auth },
    { name: "snippets with a huge query value", path: `/api/comparisons/${fixture.comparisonId}/snippets?destination=${"d".repeat(4000)}`, headers: auth },
  ];

  const bodies: BadRequest[] = [
    { name: "cancel with a body", method: "POST", path: `/api/comparisons/${fixture.comparisonId}/cancel`, headers: { ...auth, "content-type": "application/json" }, body: "{}" },
    { name: "cancel with a huge body", method: "POST", path: `/api/comparisons/${fixture.comparisonId}/cancel`, headers: { ...auth, "content-type": "application/octet-stream" }, body: Buffer.alloc(2 * 1024 * 1024) },
    { name: "share with a body", method: "POST", path: `/api/comparisons/${fixture.comparisonId}/share`, headers: { ...auth, "content-type": "text/plain" }, body: "please" },
    { name: "unshare with a body", method: "DELETE", path: `/api/comparisons/${fixture.comparisonId}/share`, headers: { ...auth, "content-type": "text/plain" }, body: "please" },
    { name: "logout with a body", method: "POST", path: "/api/auth/logout", headers: { "content-type": "text/plain" }, body: "bye" },
  ];

  const share: BadRequest[] = [
    { name: "share token garbage", path: "/api/share/garbage" },
    { name: "share token too long", path: `/api/share/${"A".repeat(300)}` },
    { name: "share token of invalid UTF-8", path: "/api/share/%C3%28" },
    { name: "unknown share token", path: `/api/share/${"A".repeat(43)}` },
    { name: "events of unknown share token", path: `/api/share/${"B".repeat(43)}/events` },
    { name: "export of unknown share token", path: `/api/share/${"C".repeat(43)}/export?format=csv` },
    { name: "share export in an unknown format", path: `/api/share/${shareToken}/export?format=pdf` },
    { name: "share log with a non-UUID run", path: `/api/share/${shareToken}/runs/not-a-uuid/log` },
    { name: "share log of an unknown run", path: `/api/share/${shareToken}/runs/${UNKNOWN_ID}/log` },
  ];

  const login: BadRequest[] = [
    { name: "login without content type", method: "POST", path: "/api/auth/login", body: "token=x" },
    { name: "login as text", method: "POST", path: "/api/auth/login", headers: { "content-type": "text/plain" }, body: "token" },
    { name: "login JSON broken", method: "POST", path: "/api/auth/login", ...json("{token:") },
    { name: "login JSON array", method: "POST", path: "/api/auth/login", ...json([1, 2]) },
    { name: "login token a number", method: "POST", path: "/api/auth/login", ...json({ token: 5 }) },
    { name: "login with extra field", method: "POST", path: "/api/auth/login", ...json({ token: "x".repeat(20), admin: true }) },
    { name: "login with a password only", method: "POST", path: "/api/auth/login", ...json({ password: "x".repeat(20) }) },
    { name: "login body too large", method: "POST", path: "/api/auth/login", ...json({ token: "x".repeat(100_000) }) },
    { name: "login of invalid UTF-8", method: "POST", path: "/api/auth/login", headers: { "content-type": "application/json" }, body: Buffer.concat([Buffer.from('{"token":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]) },
    { name: "login with a wrong token", method: "POST", path: "/api/auth/login", ...json({ token: "wrong-token-0123456789abcdef" }) },
  ];

  const headers: BadRequest[] = [
    { name: "malformed authorization", path: "/api/comparisons", headers: { authorization: "Bearer" } },
    { name: "basic authorization", path: "/api/comparisons", headers: { authorization: "Basic YWRtaW46YWRtaW4=" } },
    { name: "authorization with invalid UTF-8 token", path: "/api/samples", headers: { authorization: `Bearer ${Buffer.from([0xc3, 0x28]).toString("latin1")}` } },
    { name: "session cookie garbage", path: "/api/strategies", headers: { cookie: "buildlab_session=%%%%" } },
  ];

  return [...comparisons, ...byId, ...unknown, ...bodies, ...share, ...login, ...headers];
}

describe("malformed requests", () => {
  beforeAll(async () => {
    fixture = await insertFixtureComparison("bad input test");
    server = await startBuildlab({
      port: PORT,
      env: {
        BUILDLAB_ADMIN_TOKEN: ADMIN_TOKEN,
        BUILDLAB_CONTEXT_MAX_FILES: String(MAX_FILES),
        BUILDLAB_CONTEXT_MAX_BYTES: String(MAX_BYTES),
        BUILDLAB_CONCURRENCY_SOCKET: "0",
        BUILDLAB_CONCURRENCY_DIND: "0",
        BUILDLAB_CONCURRENCY_KANIKO: "0",
      },
    });
    const shared = await request(server.url, { method: "POST", path: `/api/comparisons/${fixture.comparisonId}/share`, headers: auth });
    shareToken = (JSON.parse(shared.text) as { token: string }).token;
  });

  afterAll(async () => {
    await server.stop();
    server.saveOutput("bad-input");
    await getDb().comparison.delete({ where: { id: fixture.comparisonId } }).catch(() => undefined);
    await getDb().$disconnect();
  });

  it("returns 4xx with a message, changing nothing", async () => {
    const before = await countRows();
    const results: { name: string; status: number; message: string }[] = [];

    for (const entry of await corpus()) {
      let status = 0;
      let message = "";
      try {
        const response = await request(server.url, { timeoutMs: 20_000, ...entry });
        status = response.status;
        message = (JSON.parse(response.text) as { error?: { message?: string } }).error?.message ?? "";
      } catch (error) {
        // A timeout or a reset connection is recorded with status 0, so that the table names the case.
        message = `no JSON error: ${(error as Error).message}`;
      }
      results.push({ name: entry.name, status, message });
    }

    const counts = new Map<number, number>();
    for (const result of results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
    console.info(`[bad-input] ${results.length} malformed requests, by status: ${[...counts].map(([status, count]) => `${status} x${count}`).join(", ")}`);

    const wrong = results.filter((result) => result.status < 400 || result.status >= 500 || result.message.length < 10);
    expect(wrong).toEqual([]);
    expect(await countRows()).toEqual(before);
    expect(server.exited()).toBe(false);
    expect(server.output()).not.toMatch(/\[api\] .* failed/);

    const alive = await request(server.url, { path: "/api/comparisons", headers: auth });
    expect(alive.status).toBe(200);
  });

  it("leaves no spooled upload behind", () => {
    const uploads = path.join(process.env.BUILDLAB_DATA_DIR ?? path.resolve(".data/test"), "uploads");
    const left = existsSync(uploads) ? readdirSync(uploads) : [];

    expect(left).toEqual([]);
  });
});
