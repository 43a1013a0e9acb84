import { describe, expect, it } from "vitest";
import { listSecretValues, redactSecrets } from "./redact-secrets";

describe("secret redaction", () => {
  it("lists only secret settings", () => {
    const secrets = listSecretValues({
      BUILDLAB_ADMIN_TOKEN: "admin-token-value",
      BUILDLAB_REGISTRY_PASSWORD: "registry-password",
      BUILDLAB_REGISTRY_USERNAME: "registry-user",
      BUILDLAB_REGISTRY: "localhost:5000",
      OTHER_PASSWORD: "not-ours",
    } as unknown as NodeJS.ProcessEnv);

    expect(secrets.sort()).toEqual(["admin-token-value", "registry-password", "registry-user"]);
  });

  it("replaces every occurrence", () => {
    expect(redactSecrets("token abcd1234 and abcd1234 again", ["abcd1234"])).toBe("token [redacted] and [redacted] again");
  });
});
