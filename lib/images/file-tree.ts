import type { FileSummary, FileType } from "./types";

/** Metadata shared by every path of one inode, so that hard links stay one object. */
interface Inode {
  type: FileType;
  mode: number;
  uid: number;
  gid: number;
  size?: number;
  sha256?: string;
  linkTarget?: string;
  device?: { major: number; minor: number };
  xattrs?: Record<string, string>;
  mtime?: string;
}

interface TreeNode {
  inode: Inode;
  /** Layer that last wrote this path; whiteouts only remove what lower layers wrote. */
  layer: number;
  implicit?: true;
  children?: Map<string, TreeNode>;
}

/** One tar entry of a layer, with its content already hashed. */
export interface LayerEntry {
  /** Path components below the root, as normalizeLayerPath returns them. */
  path: string[];
  /** "hardlink" for a tar hard link, whose `linkTarget` names another path of the image. */
  type: FileType;
  mode: number;
  uid: number;
  gid: number;
  size?: number;
  sha256?: string;
  linkTarget?: string;
  device?: { major: number; minor: number };
  xattrs?: Record<string, string>;
  mtime?: string;
}

// The engine creates a parent directory that a layer does not record as root-owned 0755
// (moby pkg/archive createTarFile -> MkdirAllAndChownNew).
const IMPLICIT_DIRECTORY_MODE = 0o755;

/**
 * Splits a tar entry name into path components below the image root. Leading "./" and "/" are
 * dropped and "." segments skipped. A ".." segment is rejected, because the engine rejects a layer
 * that writes outside the root.
 */
export function normalizeLayerPath(name: string): string[] {
  const parts: string[] = [];
  for (const segment of name.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      throw new Error(`Layer entry "${name}" points outside the image root with "..": the layer is invalid and no engine would apply it.`);
    }
    parts.push(segment);
  }
  return parts;
}

/**
 * An image's file tree, built by applying layers in order with the OCI rules. A later entry
 * replaces the same path, and a non-directory that replaces a directory drops its contents.
 * `.wh.NAME` removes NAME, and `.wh..wh..opq` empties a directory of what lower layers put there.
 */
export class FileTree {
  private readonly root: TreeNode = {
    inode: { type: "dir", mode: IMPLICIT_DIRECTORY_MODE, uid: 0, gid: 0 },
    layer: -1,
    children: new Map(),
  };

  applyEntry(entry: LayerEntry, layer: number): void {
    if (entry.path.length === 0) return;

    const parent = this.ensureDirectory(entry.path.slice(0, -1), layer);
    const name = entry.path[entry.path.length - 1];
    const inode = this.inodeFor(entry);
    const existing = parent.children!.get(name);

    if (existing && existing.inode.type === "dir" && inode.type === "dir") {
      existing.inode = inode;
      existing.layer = layer;
      delete existing.implicit;
      return;
    }
    parent.children!.set(name, { inode, layer, children: inode.type === "dir" ? new Map() : undefined });
  }

  /** Applies `.wh.NAME`: removes NAME and everything under it that lower layers wrote. */
  applyWhiteout(path: string[], layer: number): void {
    const parent = this.lookup(path.slice(0, -1));
    const name = path[path.length - 1];
    const node = parent?.children?.get(name);
    if (!node) return;
    if (!this.prune(node, layer)) parent!.children!.delete(name);
  }

  /** Applies `.wh..wh..opq` in `directory`: hides what lower layers put in it. */
  applyOpaque(directory: string[], layer: number): void {
    const node = this.ensureDirectory(directory, layer);
    for (const [name, child] of node.children!) {
      if (!this.prune(child, layer)) node.children!.delete(name);
    }
  }

  /** Lists every path except the root, with hard links resolved to the smallest path of each group. */
  toFiles(): Record<string, FileSummary> {
    const listed: [string, TreeNode][] = [];
    const walk = (node: TreeNode, prefix: string) => {
      for (const name of [...node.children!.keys()].sort()) {
        const child = node.children!.get(name)!;
        const path = `${prefix}/${name}`;
        listed.push([path, child]);
        if (child.children) walk(child, path);
      }
    };
    walk(this.root, "");

    const pathsByInode = new Map<Inode, string[]>();
    for (const [path, node] of listed) {
      if (node.inode.type === "dir") continue;
      const paths = pathsByInode.get(node.inode);
      if (paths) paths.push(path);
      else pathsByInode.set(node.inode, [path]);
    }

    const files: Record<string, FileSummary> = {};
    for (const [path, node] of listed) {
      const { inode } = node;
      const sharing = pathsByInode.get(inode);
      const summary: FileSummary = { type: inode.type, mode: inode.mode, uid: inode.uid, gid: inode.gid, layer: node.layer };
      if (inode.size !== undefined) summary.size = inode.size;
      if (inode.sha256 !== undefined) summary.sha256 = inode.sha256;
      if (inode.linkTarget !== undefined) summary.linkTarget = inode.linkTarget;
      if (sharing && sharing.length > 1) summary.hardLinkGroup = sharing.reduce((a, b) => (b < a ? b : a));
      if (inode.device) summary.device = inode.device;
      if (inode.xattrs) summary.xattrs = inode.xattrs;
      if (inode.mtime !== undefined) summary.mtime = inode.mtime;
      if (node.implicit) summary.implicit = true;
      files[path] = summary;
    }
    return files;
  }

  private inodeFor(entry: LayerEntry): Inode {
    if (entry.type === "hardlink" && entry.linkTarget !== undefined) {
      const target = this.lookup(normalizeLayerPath(entry.linkTarget));
      if (target && target.inode.type !== "dir") {
        // A hard link is the target's inode under a second name. The engine then applies the link
        // entry's owner, and its mode unless the target is a symbolic link, to that shared inode,
        // so the target changes with it.
        if (target.inode.type !== "symlink") target.inode.mode = entry.mode;
        target.inode.uid = entry.uid;
        target.inode.gid = entry.gid;
        return target.inode;
      }
    }

    const inode: Inode = { type: entry.type, mode: entry.mode, uid: entry.uid, gid: entry.gid };
    if (entry.size !== undefined) inode.size = entry.size;
    if (entry.sha256 !== undefined) inode.sha256 = entry.sha256;
    if (entry.linkTarget !== undefined) inode.linkTarget = entry.linkTarget;
    if (entry.device) inode.device = entry.device;
    if (entry.xattrs) inode.xattrs = entry.xattrs;
    if (entry.mtime !== undefined) inode.mtime = entry.mtime;
    return inode;
  }

  private lookup(path: string[]): TreeNode | undefined {
    let node: TreeNode | undefined = this.root;
    for (const name of path) {
      node = node.children?.get(name);
      if (!node) return undefined;
    }
    return node;
  }

  // Walks to `path`, creating missing directories as the engine does. A non-directory in the way
  // is replaced by a directory.
  // NOTE: the engine would follow a symbolic link in the way instead. Builders do not write layer
  // entries below a symbolic link, so this case is not modelled.
  private ensureDirectory(path: string[], layer: number): TreeNode {
    let node = this.root;
    for (const name of path) {
      let child = node.children!.get(name);
      if (!child || child.inode.type !== "dir") {
        child = {
          inode: { type: "dir", mode: IMPLICIT_DIRECTORY_MODE, uid: 0, gid: 0 },
          layer,
          implicit: true,
          children: new Map(),
        };
        node.children!.set(name, child);
      }
      node = child;
    }
    return node;
  }

  // Removes from `node`'s subtree what layers below `layer` wrote, and returns whether `node`
  // stays: it does when `layer` wrote it or something under it, because whiteouts only hide
  // lower layers (OCI image spec, "Whiteouts").
  private prune(node: TreeNode, layer: number): boolean {
    let keepsChild = false;
    if (node.children) {
      for (const [name, child] of node.children) {
        if (this.prune(child, layer)) keepsChild = true;
        else node.children.delete(name);
      }
    }
    return node.layer === layer || keepsChild;
  }
}
