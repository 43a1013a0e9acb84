import { describe, expect, it } from "vitest";
import { isPrivilegedRejected } from "./is-privileged-rejected";

describe("isPrivilegedRejected", () => {
  const cases: { name: string; error: unknown; expected: boolean }[] = [
    {
      name: "runc capability error",
      error: new Error(
        "(HTTP code 500) server error - failed to create shim task: OCI runtime create failed: runc create failed: " +
          "unable to start container process: unable to apply caps: operation not permitted: unknown ",
      ),
      expected: true,
    },
    { name: "plain string", error: "unable to apply caps: operation not permitted", expected: true },
    { name: "missing image", error: new Error("(HTTP code 404) no such container - No such image: x"), expected: false },
    { name: "other permission error", error: new Error("open /dev/kvm: operation not permitted"), expected: false },
  ];

  for (const testCase of cases) {
    it(`returns ${testCase.expected} for ${testCase.name}`, () => {
      expect(isPrivilegedRejected(testCase.error)).toBe(testCase.expected);
    });
  }
});
