/** The user a Docker container runs as, read from Config.User ("user", "uid", "user:group" or "uid:gid"). */
export interface DockerUser {
  /** Numeric user id, when the value gives one or names root; undefined for other user names. */
  uid?: number;
  /** The user part as written; empty when Config.User is empty. */
  user: string;
}

/**
 * Reads Config.User. An empty value means the image's default, which the inspect output has already
 * merged in, so an empty value runs as root (uid 0). A user name other than "root" cannot be resolved
 * without the image's /etc/passwd, so its uid stays unknown.
 */
export function readDockerUser(configUser: string | null | undefined): DockerUser {
  const user = (configUser ?? "").split(":")[0].trim();

  if (user === "" || user === "root") return { uid: 0, user };
  if (/^\d+$/.test(user)) return { uid: Number(user), user };
  return { user };
}
