import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { streamComparisonEvents } from "../../lib/runner/stream-comparison-events";
import { submitComparison } from "../../lib/runner/submit-comparison";
import { waitForComparison } from "./wait-for-comparison";

async function readEvents(stream: ReadableStream<Uint8Array>): Promise<{ event: string; data: unknown }[]> {
  const text = await new Response(stream).text();
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("event: "))
    .map((block) => {
      const [eventLine, dataLine] = block.split("\n");
      return { event: eventLine.slice("event: ".length), data: JSON.parse(dataLine.slice("data: ".length)) };
    });
}

describe("streamComparisonEvents", () => {
  let id: string;

  afterAll(async () => {
    await getDb().comparison.delete({ where: { id } }).catch(() => undefined);
  });

  it("sends every log line before the ended state", async () => {
    id = await submitComparison({
      options: { strategies: [{ strategy: "socket", mode: "classic" }], scenarios: ["cold"], iterations: 1 },
      source: { kind: "files", files: [] },
      dockerfileText: "FROM localhost:5000/buildlab/busybox:lab\nRUN seq 1 2000\n",
    });
    expect(await waitForComparison(id)).toBe("succeeded");

    const events = await readEvents(streamComparisonEvents(id, new AbortController().signal));
    const names = events.map((entry) => entry.event);
    const streamed = events.filter((entry) => entry.event === "log").flatMap((entry) => entry.data as unknown[]);
    const stored = await getDb().logLine.count({ where: { run: { comparisonId: id } } });

    expect(names.at(-1)).toBe("end");
    expect(names.at(-2)).toBe("comparison");
    expect(names.lastIndexOf("log")).toBeLessThan(names.lastIndexOf("comparison"));
    expect(streamed).toHaveLength(stored);
    expect(stored).toBeGreaterThan(2000);
  });
});
