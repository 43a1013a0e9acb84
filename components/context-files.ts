/** One file of an uploaded build context. */
export interface ContextEntry {
  file: File;
  /** Path relative to the context root, where the Dockerfile path points. */
  path: string;
  /** Path as the browser gives it: `webkitRelativePath`, which starts with the picked folder's name, or the bare file name. */
  uploadPath: string;
}

/** The build context the user chose beside a pasted Dockerfile. */
export type ContextSelection =
  | { kind: "none" }
  | { kind: "files"; entries: ContextEntry[] }
  | { kind: "archive"; file: File };

/**
 * Turns picked files into context entries. A folder pick gives paths such as "my-app/src/app.py";
 * the picked folder is the context root, so `path` drops its name. The server drops it the same
 * way from the upload paths, which are sent as the browser gave them.
 */
export function toContextEntries(files: FileList | File[]): ContextEntry[] {
  const list = Array.from(files);
  const uploadPaths = list.map((file) => file.webkitRelativePath || file.name);

  const top = uploadPaths[0]?.split("/")[0] ?? "";
  const sharedTop = uploadPaths.length > 0 && uploadPaths.every((path) => path.includes("/") && path.split("/")[0] === top);

  return list.map((file, index) => ({
    file,
    path: sharedTop ? uploadPaths[index].slice(top.length + 1) : uploadPaths[index],
    uploadPath: uploadPaths[index],
  }));
}
