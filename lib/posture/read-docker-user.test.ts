import { describe, expect, it } from "vitest";
import { readDockerUser } from "./read-docker-user";

describe("readDockerUser", () => {
  it.each([
    { user: undefined, uid: 0 },
    { user: "", uid: 0 },
    { user: "root", uid: 0 },
    { user: "0", uid: 0 },
    { user: "0:0", uid: 0 },
    { user: "root:wheel", uid: 0 },
    { user: "1000", uid: 1000 },
    { user: "65532:65532", uid: 65532 },
    { user: "nobody", uid: undefined },
    { user: "builder:1000", uid: undefined },
  ])("reads $user as uid $uid", ({ user, uid }) => {
    expect(readDockerUser(user).uid).toBe(uid);
  });
});
