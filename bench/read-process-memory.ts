import { readdirSync, readFileSync } from "node:fs";

/** Returns the resident set size of a process in bytes (VmRSS), or undefined once it is gone. */
export function readProcessRss(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Lists a process and all its descendants, with their command names, from /proc. */
export function listProcessTree(rootPid: number): { pid: number; name: string }[] {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may contain spaces, so fields are counted after it.
      const close = stat.lastIndexOf(")");
      const parent = Number(stat.slice(close + 2).split(" ")[1]);
      names.set(Number(entry), stat.slice(stat.indexOf("(") + 1, close));
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while /proc was read.
    }
  }

  const tree: { pid: number; name: string }[] = [];
  const pending = [rootPid];
  while (pending.length) {
    const pid = pending.shift()!;
    if (names.has(pid)) tree.push({ pid, name: names.get(pid)! });
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}
