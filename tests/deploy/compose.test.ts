import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

// compose.yaml, checked by its structure: `docker compose config` is not available on the lab machines.

const ROOT = path.resolve(__dirname, "../..");

type PortEntry = string | { target: number; published?: string | number; host_ip?: string };
type VolumeEntry = string | { type: string; source: string; target: string };

interface Service {
  image?: string;
  build?: { context: string; args?: Record<string, string> };
  network_mode?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  volumes?: VolumeEntry[];
  ports?: PortEntry[];
  healthcheck?: { test: string[] };
  group_add?: string[];
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/**
 * Replaces ${NAME:-default} and ${NAME-default} with the default, ${NAME:?message} and
 * ${NAME?message} with "required", and ${NAME} with an empty string, as Compose would with an empty
 * environment, except that a required variable is kept visible instead of failing.
 */
function interpolateDefaults(text: string): string {
  return text.replace(/\$\{(\w+)(?:(:?-)([^}]*)|(:?\?)[^}]*)?\}/g, (_match, _name, dash, fallback, question) => {
    if (dash) return fallback;
    if (question) return "required";
    return "";
  });
}

/** Splits a short port entry ([ip:]published:target) into its parts. */
function readPort(entry: PortEntry): { hostIp?: string; published?: string; target: string } {
  if (typeof entry !== "string") {
    return { hostIp: entry.host_ip, published: entry.published?.toString(), target: String(entry.target) };
  }
  const parts = entry.split(":");
  if (parts.length === 3) return { hostIp: parts[0], published: parts[1], target: parts[2] };
  if (parts.length === 2) return { published: parts[0], target: parts[1] };
  return { target: parts[0] };
}

function readVolume(entry: VolumeEntry): { source: string; target: string } {
  if (typeof entry !== "string") return { source: entry.source, target: entry.target };
  const [source, target] = entry.split(":");
  return { source, target };
}

let compose: ComposeFile;
let raw: ComposeFile;

beforeAll(() => {
  const text = readFileSync(path.join(ROOT, "compose.yaml"), "utf8");
  raw = parse(text) as ComposeFile;
  compose = parse(interpolateDefaults(text)) as ComposeFile;
});

describe("compose.yaml", () => {
  it("defines Buildlab and PostgreSQL", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["buildlab", "postgres"]);
  });

  it("keeps PostgreSQL's data in a named volume", () => {
    const volumes = (compose.services.postgres.volumes ?? []).map(readVolume);
    const data = volumes.find((volume) => volume.target === "/var/lib/postgresql/data");

    expect(data).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(data!.source);
  });

  it("checks PostgreSQL's health with pg_isready", () => {
    const test = compose.services.postgres.healthcheck?.test ?? [];

    expect(test[0]).toBe("CMD");
    expect(test[1]).toBe("pg_isready");
  });

  it("starts Buildlab once PostgreSQL is healthy", () => {
    expect(compose.services.buildlab.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
  });

  it("binds no port beyond 127.0.0.1", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const entry of service.ports ?? []) {
        const port = readPort(entry);
        expect(port.hostIp, `${name} port ${port.target}`).toBe("127.0.0.1");
      }
    }
  });

  it("listens on 127.0.0.1 on the host network", () => {
    const buildlab = compose.services.buildlab;

    expect(buildlab.network_mode).toBe("host");
    expect(buildlab.ports).toBeUndefined();
    expect(buildlab.environment?.BUILDLAB_LISTEN_ADDRESS).toBe("127.0.0.1");
  });

  it("points DATABASE_URL at the published PostgreSQL port", () => {
    const postgres = compose.services.postgres;
    const [port] = (postgres.ports ?? []).map(readPort);
    const url = new URL(compose.services.buildlab.environment!.DATABASE_URL);

    expect(url.hostname).toBe("127.0.0.1");
    expect(url.port).toBe(port.published);
    expect(port.target).toBe("5432");
    expect(url.username).toBe(postgres.environment?.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(postgres.environment?.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${postgres.environment?.POSTGRES_DB}`);
  });

  it("mounts the host Docker socket for the socket strategy", () => {
    const buildlab = compose.services.buildlab;
    const volumes = (buildlab.volumes ?? []).map(readVolume);

    expect(volumes).toContainEqual({ source: "/var/run/docker.sock", target: "/var/run/docker.sock" });
    expect(buildlab.environment?.DOCKER_HOST).toBe("unix:///var/run/docker.sock");
    expect(raw.services.buildlab.group_add?.[0]).toMatch(/^\$\{DOCKER_GID:\?/);
  });

  it("gives Docker-in-Docker socket folders one path on host and container", () => {
    const buildlab = compose.services.buildlab;
    const tmpdir = buildlab.environment?.TMPDIR;
    const volumes = (buildlab.volumes ?? []).map(readVolume);

    expect(tmpdir).toBeTruthy();
    expect(volumes).toContainEqual({ source: tmpdir, target: tmpdir });
    expect(buildlab.environment?.BUILDLAB_DIND_IMAGE).toBeTruthy();
    expect(buildlab.environment?.BUILDLAB_DIND_TRANSPORT).toBe("socket");
  });

  it("passes build arguments the Dockerfile declares", () => {
    const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    const declared = [...dockerfile.matchAll(/^ARG (\w+)/gm)].map((match) => match[1]);
    const args = Object.keys(compose.services.buildlab.build?.args ?? {});

    expect(args.length).toBeGreaterThan(0);
    for (const arg of args) expect(declared).toContain(arg);
  });
});

describe("interpolateDefaults", () => {
  it.each([
    ["${A:-x}", "x"],
    ["${A-x}", "x"],
    ["${A:?set A}", "required"],
    ["${A}", ""],
    ["127.0.0.1:${PORT:-5433}:5432", "127.0.0.1:5433:5432"],
  ])("turns %s into %s", (input, expected) => {
    expect(interpolateDefaults(input)).toBe(expected);
  });
});
