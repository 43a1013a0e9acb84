/** HostConfig.SecurityOpt of a Docker container, read into its parts. */
export interface SecurityOptions {
  /** "unconfined", "builtin", or the profile JSON that the CLI sends in place of a profile file. */
  seccomp?: string;
  /** "unconfined" or the name of an AppArmor profile. */
  apparmor?: string;
  /** SELinux label options, such as { type: "container_t" }; `disable` is set by `label=disable`. */
  label: { user?: string; role?: string; type?: string; level?: string; disable?: boolean };
  noNewPrivileges: boolean;
  /** The raw entry each part came from, for evidence. */
  entries: { seccomp?: string; apparmor?: string; label: string[]; noNewPrivileges?: string };
}

/**
 * Parses Docker's security options. Docker 20.10 accepts `key=value` and the older `key:value` form,
 * and `no-new-privileges` with or without a boolean value.
 */
export function parseSecurityOpt(securityOpt: readonly string[] | null | undefined): SecurityOptions {
  const options: SecurityOptions = { label: {}, noNewPrivileges: false, entries: { label: [] } };

  for (const entry of securityOpt ?? []) {
    const [key, value] = splitOption(entry);

    switch (key) {
      case "seccomp":
        options.seccomp = value;
        options.entries.seccomp = entry;
        break;
      case "apparmor":
        options.apparmor = value;
        options.entries.apparmor = entry;
        break;
      case "label":
        readLabel(value, options.label);
        options.entries.label.push(entry);
        break;
      case "no-new-privileges":
        options.noNewPrivileges = value === "" || value.toLowerCase() === "true";
        options.entries.noNewPrivileges = entry;
        break;
    }
  }

  return options;
}

function splitOption(entry: string): [string, string] {
  const equals = entry.indexOf("=");
  const colon = entry.indexOf(":");
  const separator = equals >= 0 && (colon < 0 || equals < colon) ? equals : colon;
  if (separator < 0) return [entry.trim().toLowerCase(), ""];
  return [entry.slice(0, separator).trim().toLowerCase(), entry.slice(separator + 1)];
}

// Label values are `user:U`, `role:R`, `type:T`, `level:L` or `disable`.
function readLabel(value: string, label: SecurityOptions["label"]): void {
  if (value === "disable") {
    label.disable = true;
    return;
  }

  const separator = value.indexOf(":");
  if (separator < 0) return;
  const part = value.slice(0, separator);
  const setting = value.slice(separator + 1);
  if (part === "user" || part === "role" || part === "type" || part === "level") label[part] = setting;
}
