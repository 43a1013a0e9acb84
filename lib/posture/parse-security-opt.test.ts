import { describe, expect, it } from "vitest";
import { parseSecurityOpt } from "./parse-security-opt";

describe("parseSecurityOpt", () => {
  it("returns defaults for no options", () => {
    expect(parseSecurityOpt(null)).toEqual({ label: {}, noNewPrivileges: false, entries: { label: [] } });
  });

  it.each([
    { entry: "seccomp=unconfined", seccomp: "unconfined" },
    { entry: "seccomp:unconfined", seccomp: "unconfined" },
    { entry: 'seccomp={"defaultAction":"SCMP_ACT_ERRNO","names":["a:b"]}', seccomp: '{"defaultAction":"SCMP_ACT_ERRNO","names":["a:b"]}' },
  ])("reads seccomp from $entry", ({ entry, seccomp }) => {
    const options = parseSecurityOpt([entry]);

    expect(options.seccomp).toBe(seccomp);
    expect(options.entries.seccomp).toBe(entry);
  });

  it.each([
    { entry: "apparmor=unconfined", apparmor: "unconfined" },
    { entry: "apparmor:docker-default", apparmor: "docker-default" },
  ])("reads apparmor from $entry", ({ entry, apparmor }) => {
    expect(parseSecurityOpt([entry]).apparmor).toBe(apparmor);
  });

  it.each([
    { entry: "label=disable", label: { disable: true } },
    { entry: "label:disable", label: { disable: true } },
    { entry: "label=type:spc_t", label: { type: "spc_t" } },
    { entry: "label:user:system_u", label: { user: "system_u" } },
    { entry: "label=level:s0:c100,c200", label: { level: "s0:c100,c200" } },
  ])("reads the label from $entry", ({ entry, label }) => {
    const options = parseSecurityOpt([entry]);

    expect(options.label).toEqual(label);
    expect(options.entries.label).toEqual([entry]);
  });

  it.each([
    { entry: "no-new-privileges", value: true },
    { entry: "no-new-privileges=true", value: true },
    { entry: "no-new-privileges:true", value: true },
    { entry: "no-new-privileges=false", value: false },
  ])("reads $entry as $value", ({ entry, value }) => {
    expect(parseSecurityOpt([entry]).noNewPrivileges).toBe(value);
  });

  it("ignores unknown options", () => {
    expect(parseSecurityOpt(["systempaths=unconfined"])).toEqual(parseSecurityOpt([]));
  });
});
