import { describe, expect, it } from "vitest";
import { parseLogLine, unquoteGoString } from "./parse-log-line";

describe("parseLogLine", () => {
  it("reads the runtime timestamp and the executor's fields", () => {
    const line = parseLogLine(
      '2026-12-04T20:17:18.634788663Z time="2026-12-04T20:17:18Z" level=info msg="RUN echo built > /out.txt"',
    );

    expect(line.at?.toISOString()).toBe("2026-12-04T20:17:18.634Z");
    expect(line.text).toBe('time="2026-12-04T20:17:18Z" level=info msg="RUN echo built > /out.txt"');
    expect(line.kaniko).toEqual({
      time: new Date("2026-12-04T20:17:18Z"),
      level: "info",
      message: "RUN echo built > /out.txt",
    });
  });

  it("unescapes quotes inside the message", () => {
    const line = parseLogLine('time="2026-12-04T20:13:21Z" level=info msg="CMD [\\"cat\\", \\"/data/both.txt\\"]"');

    expect(line.kaniko?.message).toBe('CMD ["cat", "/data/both.txt"]');
    expect(line.at).toBeUndefined();
  });

  it("keeps output of RUN commands as plain text", () => {
    const line = parseLogLine("2026-12-04T20:17:18.700612326Z built");

    expect(line.text).toBe("built");
    expect(line.kaniko).toBeUndefined();
    expect(line.at?.toISOString()).toBe("2026-12-04T20:17:18.700Z");
  });

  it("reads unquoted values", () => {
    const line = parseLogLine("time=2026-12-04T20:13:21Z level=warn msg=Done");

    expect(line.kaniko).toMatchObject({ level: "warn", message: "Done" });
  });

  it("drops a trailing carriage return", () => {
    expect(parseLogLine("hello\r").text).toBe("hello");
  });
});

describe("unquoteGoString", () => {
  it.each([
    ['"plain"', "plain"],
    ['"tab\\there"', "tab\there"],
    ['"new\\nline"', "new\nline"],
    ['"back\\\\slash"', "back\\slash"],
    ['"\\u00e9t\\u00e9"', "été"],
    ['"\\x41"', "A"],
  ])("unquotes %s", (quoted, expected) => {
    expect(unquoteGoString(quoted)).toBe(expected);
  });
});
