import { describe, expect, it } from "vitest";
import { STRATEGY_CATALOGUE } from "../catalogue";
import type { BuildRequest } from "../types";
import { createSocketStrategy } from "./create-socket-strategy";
import { socketStrategy } from "./socket-strategy";

describe("socketStrategy", () => {
  it("matches the catalogue entry", () => {
    expect({ name: socketStrategy.name, label: socketStrategy.label, modes: socketStrategy.modes }).toEqual(STRATEGY_CATALOGUE.socket);
  });

  it("reports an unsupported DOCKER_HOST as unavailable", async () => {
    const availability = await createSocketStrategy({ dockerHost: "ssh://builder@127.0.0.1" }).checkAvailability();

    expect(availability).toEqual({
      available: false,
      reason:
        'The Docker Engine settings are invalid: DOCKER_HOST="ssh://builder@127.0.0.1" is not supported: use unix:///path/to/docker.sock or tcp://host:port.',
      fix: "Set DOCKER_HOST to unix:///path/to/docker.sock or tcp://host:port, or unset it to use /var/run/docker.sock.",
    });
  });

  it("rejects an unknown mode", async () => {
    const request = { mode: "kaniko", signal: new AbortController().signal, emit: () => {} } as unknown as BuildRequest;

    const result = await createSocketStrategy().build(request);

    expect(result.status).toBe("failed");
    expect(result.error).toBe('unknown socket strategy mode "kaniko": use one of buildkit, classic');
  });
});
