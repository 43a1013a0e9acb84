import { describe, expect, it } from "vitest";
import { findLoopbackRegistry, type LoopbackRegistry } from "./find-loopback-registry";

describe("findLoopbackRegistry", () => {
  const cases: { registry: string; expected: LoopbackRegistry | undefined }[] = [
    { registry: "localhost:5000", expected: { address: "localhost:5000", host: "localhost", port: 5000, listenIp: "127.0.0.1" } },
    { registry: "LocalHost:5000", expected: { address: "LocalHost:5000", host: "localhost", port: 5000, listenIp: "127.0.0.1" } },
    { registry: "127.0.0.1:5000", expected: { address: "127.0.0.1:5000", host: "127.0.0.1", port: 5000, listenIp: "127.0.0.1" } },
    { registry: "127.0.0.2:15000", expected: { address: "127.0.0.2:15000", host: "127.0.0.2", port: 15000, listenIp: "127.0.0.2" } },
    { registry: "[::1]:5000", expected: { address: "[::1]:5000", host: "::1", port: 5000, listenIp: "::1" } },
    { registry: "registry.example.test:5000", expected: undefined },
    { registry: "10.1.2.3:5000", expected: undefined },
    { registry: "128.0.0.1:5000", expected: undefined },
    { registry: "[fd00::1]:5000", expected: undefined },
    { registry: "registry.example.test", expected: undefined },
  ];

  for (const testCase of cases) {
    it(`reads ${testCase.registry}`, () => {
      expect(findLoopbackRegistry(testCase.registry)).toEqual(testCase.expected);
    });
  }

  for (const registry of ["localhost", "127.0.0.1:", "localhost:0", "localhost:70000", "localhost: 5000", "localhost:0x10", "[::1]"]) {
    it(`rejects ${JSON.stringify(registry)}`, () => {
      expect(() => findLoopbackRegistry(registry)).toThrow(/on the host's loopback but has no valid port; write it as host:port/);
    });
  }
});
