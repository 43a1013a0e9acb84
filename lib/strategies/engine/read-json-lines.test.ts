import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { openFixture, readFixture } from "./fixtures/open-fixture";
import { readJsonLines, type EngineStreamItem } from "./read-json-lines";

async function collect(stream: AsyncIterable<unknown>): Promise<EngineStreamItem[]> {
  const items: EngineStreamItem[] = [];
  for await (const item of readJsonLines(stream)) items.push(item);
  return items;
}

describe("readJsonLines", () => {
  it("reassembles lines split across chunks", async () => {
    const expected = readFixture("classic-failed-step.jsonl").split("\r\n").filter(Boolean).map((line) => JSON.parse(line));

    for (const chunkSize of [1, 7, 97, 4096]) {
      const items = await collect(openFixture("classic-failed-step.jsonl", chunkSize));
      expect(items.map((item) => (item.kind === "message" ? item.message : item))).toEqual(expected);
    }
  });

  it("keeps split multi-byte characters", async () => {
    const bytes = Buffer.from('{"stream":"grüße ✓"}\n');
    const items = await collect(Readable.from([bytes.subarray(0, 14), bytes.subarray(14, 20), bytes.subarray(20)], { objectMode: false }));

    expect(items).toEqual([{ kind: "message", message: { stream: "grüße ✓" } }]);
  });

  it("yields an unterminated last line", async () => {
    const items = await collect(Readable.from(['{"status":"a"}\r\n{"status":"b"}']));

    expect(items).toEqual([
      { kind: "message", message: { status: "a" } },
      { kind: "message", message: { status: "b" } },
    ]);
  });

  it("reports non-object lines", async () => {
    const items = await collect(Readable.from(['not json\n[1,2]\n"text"\n{"status":"ok"}\n\n']));

    expect(items.map((item) => item.kind)).toEqual(["invalid", "invalid", "invalid", "message"]);
    expect(items[0]).toMatchObject({ kind: "invalid", line: "not json" });
    expect(items[1]).toMatchObject({ kind: "invalid", reason: "not a JSON object" });
  });

  it("throws the stream's error", async () => {
    async function* failing() {
      yield Buffer.from('{"status":"a"}\n');
      throw new Error("socket hang up");
    }

    await expect(collect(failing())).rejects.toThrow("socket hang up");
  });
});
