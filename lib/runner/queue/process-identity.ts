import { readFileSync, readlinkSync } from "node:fs";

/**
 * Identifies a process on Linux as "<boot id>/<PID namespace>/<pid>/<start time in clock ticks>".
 * Two processes with the same boot id and PID namespace see the same PIDs, so one can tell from
 * /proc whether the other still runs, even when its PID was reused. Returns undefined where /proc
 * is missing, such as on macOS.
 */
export function readProcessKey(pid: number = process.pid): string | undefined {
  try {
    const bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const pidNamespace = readlinkSync("/proc/self/ns/pid");
    const startTicks = readStartTicks(pid);
    if (startTicks === undefined) return undefined;
    return `${bootId}/${pidNamespace}/${pid}/${startTicks}`;
  } catch {
    return undefined;
  }
}

/**
 * Returns false when the process `key` names has certainly ended, true when it still runs, and
 * undefined when this process cannot tell: another machine, another PID namespace, or no /proc.
 */
export function isProcessRunning(key: string | null | undefined): boolean | undefined {
  const own = readProcessKey();
  if (!key || !own) return undefined;

  const [bootId, pidNamespace, pidText, startTicks] = key.split("/");
  const [ownBootId, ownPidNamespace] = own.split("/");
  if (bootId !== ownBootId || pidNamespace !== ownPidNamespace) return undefined;

  const current = readStartTicks(Number(pidText));
  return current !== undefined && current === startTicks;
}

// Field 22 of /proc/<pid>/stat is the start time; the command name in field 2 may contain spaces
// and parentheses, so the fields are counted from the last ")".
function readStartTicks(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}
