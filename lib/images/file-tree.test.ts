import { describe, expect, it } from "vitest";
import { FileTree, normalizeLayerPath, type LayerEntry } from "./file-tree";

function entry(path: string, type: LayerEntry["type"] = "file", extra: Partial<LayerEntry> = {}): LayerEntry {
  return { path: normalizeLayerPath(path), type, mode: type === "dir" ? 0o755 : 0o644, uid: 0, gid: 0, ...extra };
}

describe("normalizeLayerPath", () => {
  it.each([
    ["./etc/passwd", ["etc", "passwd"]],
    ["/etc//passwd/", ["etc", "passwd"]],
    ["etc/./passwd", ["etc", "passwd"]],
    ["./", []],
  ])("splits %s", (name, expected) => {
    expect(normalizeLayerPath(name)).toEqual(expected);
  });

  it("rejects a path that climbs out of the root", () => {
    expect(() => normalizeLayerPath("etc/../../escape")).toThrow(/outside the image root/);
  });
});

describe("FileTree", () => {
  it("keeps what the whiteout's own layer wrote", () => {
    const tree = new FileTree();
    tree.applyEntry(entry("app", "dir"), 0);
    tree.applyEntry(entry("app/old"), 0);
    tree.applyEntry(entry("app/new"), 1);
    tree.applyWhiteout(["app"], 1);

    const files = tree.toFiles();

    expect(Object.keys(files)).toEqual(["/app", "/app/new"]);
  });

  it("removes a whited-out directory with everything under it", () => {
    const tree = new FileTree();
    tree.applyEntry(entry("cache", "dir"), 0);
    tree.applyEntry(entry("cache/a/b/c"), 0);
    tree.applyEntry(entry("keep"), 0);
    tree.applyWhiteout(["cache"], 1);

    expect(Object.keys(tree.toFiles())).toEqual(["/keep"]);
  });

  it("empties an opaque directory of lower layers only", () => {
    const tree = new FileTree();
    tree.applyEntry(entry("var/lib/old"), 0);
    tree.applyEntry(entry("var/lib", "dir", { mode: 0o700 }), 1);
    tree.applyEntry(entry("var/lib/new"), 1);
    tree.applyOpaque(["var", "lib"], 1);

    const files = tree.toFiles();

    expect(Object.keys(files)).toEqual(["/var", "/var/lib", "/var/lib/new"]);
    expect(files["/var/lib"]?.mode).toBe(0o700);
  });

  it("replaces a directory by a file and drops its contents", () => {
    const tree = new FileTree();
    tree.applyEntry(entry("data", "dir"), 0);
    tree.applyEntry(entry("data/inner/file"), 0);
    tree.applyEntry(entry("data", "file", { size: 4, sha256: "sha256:abc" }), 1);

    const files = tree.toFiles();

    expect(Object.keys(files)).toEqual(["/data"]);
    expect(files["/data"]).toMatchObject({ type: "file", size: 4, layer: 1 });
  });

  it("keeps a directory's contents when a later layer changes its mode", () => {
    const tree = new FileTree();
    tree.applyEntry(entry("work", "dir"), 0);
    tree.applyEntry(entry("work/file"), 0);
    tree.applyEntry(entry("work", "dir", { mode: 0o770, uid: 1000, gid: 1000 }), 1);

    const files = tree.toFiles();

    expect(files["/work"]).toMatchObject({ mode: 0o770, uid: 1000, gid: 1000, layer: 1 });
    expect(files["/work/file"]).toMatchObject({ layer: 0 });
  });

  it("applies a hard link entry's owner and mode to the shared inode", () => {
    const tree = new FileTree();
    tree.applyEntry(entry("a", "file", { size: 1, sha256: "sha256:a" }), 0);
    tree.applyEntry(entry("b", "hardlink", { linkTarget: "a", mode: 0o755, uid: 5, gid: 6 }), 0);

    const files = tree.toFiles();

    expect(files["/a"]).toMatchObject({ type: "file", mode: 0o755, uid: 5, gid: 6, hardLinkGroup: "/a" });
    expect(files["/b"]).toMatchObject({ type: "file", mode: 0o755, uid: 5, gid: 6, hardLinkGroup: "/a", sha256: "sha256:a" });
  });

  it("keys a hard-link group by its smallest path, whatever the write order", () => {
    const tree = new FileTree();
    tree.applyEntry(entry("z/original"), 0);
    tree.applyEntry(entry("a-link", "hardlink", { linkTarget: "z/original" }), 0);

    const files = tree.toFiles();

    expect(files["/z/original"]?.hardLinkGroup).toBe("/a-link");
    expect(files["/a-link"]?.hardLinkGroup).toBe("/a-link");
  });
});
