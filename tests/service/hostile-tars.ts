import { gzipSync } from "node:zlib";
import tar from "tar-stream";

type Entry = Partial<tar.Header> & { name: string; content?: Buffer | string };

/** Packs entries into a tar archive in memory. */
export async function packTar(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (chunk) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on("end", () => resolve());
    pack.on("error", reject);
  });

  for (const { content, ...header } of entries) {
    await new Promise<void>((resolve, reject) => pack.entry(header, content ?? "", (error) => (error ? reject(error) : resolve())));
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

const DOCKERFILE = { name: "Dockerfile", content: "FROM localhost:5000/buildlab/busybox:lab\nCOPY . /context\n" };

/** Archives that try to leave the context, break the tar format or pass the limits; each must be rejected. */
export async function hostileArchives(maxFiles: number, maxBytes: number): Promise<{ name: string; archive: Buffer }[]> {
  const header = await packTar([DOCKERFILE, { name: "a.txt", content: "x".repeat(600) }]);
  // A tar header with a mangled checksum field, so that the entry cannot be trusted.
  const badChecksum = Buffer.from(header);
  badChecksum.write("9999999\0", 148, "latin1");

  const cases = [
    { name: "parent-directory entry", archive: await packTar([DOCKERFILE, { name: "../escaped.txt", content: "x" }]) },
    { name: "absolute entry path", archive: await packTar([DOCKERFILE, { name: "/etc/escaped", content: "x" }]) },
    { name: "nested parent-directory entry", archive: await packTar([DOCKERFILE, { name: "src/../../escaped.txt", content: "x" }]) },
    { name: "symlink to an absolute path outside", archive: await packTar([DOCKERFILE, { name: "passwd", type: "symlink", linkname: "/etc/passwd" }]) },
    { name: "symlink climbing out", archive: await packTar([DOCKERFILE, { name: "up", type: "symlink", linkname: "../../../etc" }]) },
    { name: "hard link to a file outside", archive: await packTar([DOCKERFILE, { name: "shadow", type: "link", linkname: "../../etc/shadow" }]) },
    { name: "character device", archive: await packTar([DOCKERFILE, { name: "null", type: "character-device", devmajor: 1, devminor: 3 }]) },
    { name: "truncated entry", archive: header.subarray(0, 512 + 100) },
    { name: "mangled header checksum", archive: badChecksum },
    { name: "bytes that are no tar", archive: Buffer.from("this is not a tar archive at all, only text ".repeat(40)) },
    { name: "corrupt gzip", archive: Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(2000, 0x41)]) },
    { name: "archive without a Dockerfile", archive: await packTar([{ name: "app.py", content: "print(1)\n" }]) },
    {
      name: "more files than BUILDLAB_CONTEXT_MAX_FILES",
      archive: await packTar([DOCKERFILE, ...Array.from({ length: maxFiles + 5 }, (_, index) => ({ name: `file-${index}.txt`, content: "x" }))]),
    },
    { name: "gzip bomb past BUILDLAB_CONTEXT_MAX_BYTES", archive: gzipSync(await packTar([DOCKERFILE, { name: "zeros.bin", content: Buffer.alloc(maxBytes * 4) }])) },
  ];
  return cases;
}
