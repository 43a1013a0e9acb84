import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts", "tests/unit/**/*.test.ts", "tests/kube-stand-in/**/*.test.ts", "tests/deploy/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["lib/**/*.integration.test.ts", "tests/integration/**/*.test.ts", "tests/service/**/*.test.ts", "tests/deploy/**/*.integration.test.ts"],
          // Real builds on a 2-core machine take tens of seconds each.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          globalSetup: ["tests/integration/global-setup.ts"],
          // Other suites may share the Docker Engine: recovery removes only leftovers of this database's runs.
          env: { BUILDLAB_LEFTOVER_SCOPE: "known-runs" },
        },
      },
    ],
  },
});
