import { BlockList, isIP } from "node:net";

/** A registry on the host's loopback, which a daemon container in its own network namespace cannot reach. */
export interface LoopbackRegistry {
  /** The registry as configured, such as "localhost:5000". */
  address: string;
  /** Host name or IP address that the forwarder on the host connects to, without brackets. */
  host: string;
  port: number;
  /** Loopback address that the forward listens on inside the daemon container, such as "127.0.0.1" or "::1". */
  listenIp: string;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/**
 * Returns where a registry given as host:port listens when that host is the host's loopback
 * (`localhost`, `127.x.x.x` or `[::1]`), and undefined for any other host. Throws when a loopback
 * registry has no valid port, because the forward needs one.
 */
export function findLoopbackRegistry(registry: string): LoopbackRegistry | undefined {
  const { host, port } = splitHostPort(registry);
  const name = host.toLowerCase();
  const family = isIP(name);
  const loopback = name === "localhost" || (family !== 0 && LOOPBACK.check(name, family === 6 ? "ipv6" : "ipv4"));
  if (!loopback) return undefined;

  const portNumber = Number(port);
  if (port === undefined || !/^\d{1,5}$/.test(port) || portNumber < 1 || portNumber > 65535) {
    throw new Error(
      `BUILDLAB_REGISTRY "${registry}" is on the host's loopback but has no valid port; ` +
        "write it as host:port, such as localhost:5000.",
    );
  }

  let listenIp = name;
  if (name === "localhost") listenIp = "127.0.0.1";
  else if (family === 6) listenIp = "::1";

  return { address: registry, host: name, port: portNumber, listenIp };
}

// Splits "host:port", "host", "[v6]:port" and "[v6]". The host is returned without brackets.
function splitHostPort(registry: string): { host: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(registry);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] };

  const colon = registry.lastIndexOf(":");
  if (colon === -1 || registry.indexOf(":") !== colon) return { host: registry };
  return { host: registry.slice(0, colon), port: registry.slice(colon + 1) };
}
