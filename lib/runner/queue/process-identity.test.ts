import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isProcessRunning, readProcessKey } from "./process-identity";

const hasProc = existsSync("/proc/self/stat");

describe.runIf(hasProc)("process identity", () => {
  it("finds this process running", () => {
    const key = readProcessKey();

    expect(key).toMatch(/\/\d+\/\d+$/);
    expect(isProcessRunning(key)).toBe(true);
  });

  it("finds an ended process gone", () => {
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const own = readProcessKey()!;
    const [bootId, pidNamespace] = own.split("/");

    expect(isProcessRunning(`${bootId}/${pidNamespace}/${child.stdout}/1`)).toBe(false);
  });

  it("finds a reused PID with another start time gone", () => {
    const [bootId, pidNamespace, pid] = readProcessKey()!.split("/");

    expect(isProcessRunning(`${bootId}/${pidNamespace}/${pid}/0`)).toBe(false);
  });

  it("cannot tell about another machine", () => {
    expect(isProcessRunning("other-boot/pid:[1]/1/1")).toBeUndefined();
    expect(isProcessRunning(null)).toBeUndefined();
  });
});
