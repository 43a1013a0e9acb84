// Linux gives up after 40 links in one lookup (ELOOP); a longer chain is a loop, not an escape.
const MAX_LINK_HOPS = 40;

/**
 * Resolves the symbolic link `name` -> `target` inside the context, following every link met on the
 * way through `readLink`, and returns whether it stays inside the context root. `readLink` returns
 * the target of the link at a normalized context path, or undefined when that path is not a link.
 * An absolute target counts as outside, because on the machine that unpacks the context it names a
 * host path. A loop stays inside: following it fails, but it reaches nothing outside.
 */
export async function symlinkStaysInside(
  name: string,
  target: string,
  readLink: (path: string) => Promise<string | undefined> | string | undefined,
): Promise<boolean> {
  if (target.startsWith("/")) return false;

  const resolved = name.split("/").slice(0, -1);
  let pending = target.split("/");
  let hops = 0;
  while (pending.length > 0) {
    const segment = pending[0];
    pending = pending.slice(1);
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (resolved.length === 0) return false;
      resolved.pop();
      continue;
    }

    resolved.push(segment);
    const link = await readLink(resolved.join("/"));
    if (link === undefined) continue;
    if (link.startsWith("/")) return false;
    hops += 1;
    if (hops > MAX_LINK_HOPS) return true;
    resolved.pop();
    pending = [...link.split("/"), ...pending];
  }
  return true;
}
