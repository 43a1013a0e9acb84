import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GET } from "@/app/api/comparisons/[id]/snippets/route";
import { getDb } from "../db/client";
import type { StrategySnippets } from "./types";

// GET /api/comparisons/:id/snippets on a comparison stored in the integration tests' PostgreSQL.
// The request is addressed to 127.0.0.1, which the dashboard serves without login when no token is set.

let comparisonId: string;

async function getSnippets(id: string, query = ""): Promise<Response> {
  const request = new Request(`http://127.0.0.1:3000/api/comparisons/${id}/snippets${query}`, { headers: { host: "127.0.0.1:3000" } });
  return GET(request, { params: Promise.resolve({ id }) });
}

beforeAll(async () => {
  const comparison = await getDb().comparison.create({
    data: {
      title: "Snippet route test",
      source: "python-web",
      status: "succeeded",
      dockerfilePath: "Dockerfile",
      dockerfile: "FROM localhost:5000/buildlab/python:3.11-bookworm\n",
      contextDigest: "sha256:snippet-route-test",
      contextBytes: BigInt(1024),
      contextFiles: 3,
      strategies: [
        { strategy: "socket", mode: "buildkit" },
        { strategy: "kaniko", mode: "kubernetes" },
      ],
      scenarios: ["cold", "warm-same"],
    },
  });
  comparisonId = comparison.id;
});

afterAll(async () => {
  if (comparisonId) await getDb().comparison.delete({ where: { id: comparisonId } });
});

describe("GET /api/comparisons/:id/snippets", () => {
  it("returns three files per strategy", async () => {
    const response = await getSnippets(comparisonId, "?destination=ghcr.io/acme/web:2&context=services/web");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { comparisonId: string; snippets: StrategySnippets[] };

    expect(body.comparisonId).toBe(comparisonId);
    expect(body.snippets.map((entry) => `${entry.strategy} ${entry.mode}`)).toEqual(["socket buildkit", "kaniko kubernetes"]);
    for (const entry of body.snippets) {
      expect(entry.destination).toBe("ghcr.io/acme/web:2");
      expect(entry.files.map((file) => file.system)).toEqual(["jenkins", "gitlab", "github"]);
    }
  });

  it("builds with the stored Dockerfile path and cache", async () => {
    const response = await getSnippets(comparisonId, "?destination=ghcr.io/acme/web:2&context=services/web");
    const body = (await response.json()) as { snippets: StrategySnippets[] };
    const kaniko = body.snippets.find((entry) => entry.strategy === "kaniko")!;
    const gitlab = parse(kaniko.files.find((file) => file.system === "gitlab")!.text) as Record<string, { script: string[] }>;
    const executor = gitlab["build-image"].script.at(-1)!;

    expect(executor).toContain("--dockerfile=$CI_PROJECT_DIR/services/web/Dockerfile");
    expect(executor).toContain("--destination=ghcr.io/acme/web:2");
    expect(executor).toContain("--cache=true");
    expect(executor).toContain("--cache-repo=ghcr.io/acme/web/cache");
  });

  it("returns 404 for an unknown comparison", async () => {
    const response = await getSnippets("00000000-0000-4000-8000-000000000000");

    expect(response.status).toBe(404);
  });

  it("returns 400 for an invalid destination", async () => {
    const response = await getSnippets(comparisonId, "?destination=Not%20An%20Image");
    const body = (await response.json()) as { error: { code: string; message: string } };

    expect(response.status).toBe(400);
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.message).toContain("Invalid image reference");
  });
});
