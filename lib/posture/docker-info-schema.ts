import { z } from "zod";

// The fields of Docker's /info output (Engine API 1.41) that the posture checks read.
export const dockerInfoSchema = z.object({
  Name: z.string().nullish(),
  ServerVersion: z.string().nullish(),
  OperatingSystem: z.string().nullish(),
  // Entries such as "name=seccomp,profile=default", "name=apparmor", "name=rootless" or "name=userns".
  SecurityOptions: z.array(z.string()).nullish(),
  Plugins: z.object({ Authorization: z.array(z.string()).nullish() }).nullish(),
});

export type DockerInfo = z.infer<typeof dockerInfoSchema>;

/** Parses each SecurityOptions entry into its key=value parts, such as { name: "seccomp", profile: "default" }. */
export function parseDaemonSecurityOptions(options: readonly string[] | null | undefined): Record<string, string>[] {
  return (options ?? []).map((entry) =>
    Object.fromEntries(
      entry.split(",").map((part) => {
        const separator = part.indexOf("=");
        return separator < 0 ? [part, ""] : [part.slice(0, separator), part.slice(separator + 1)];
      }),
    ),
  );
}
