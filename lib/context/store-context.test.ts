import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { BuildlabError, type ErrorCode } from "../errors";
import { openContext } from "./open-context";
import { storeContext } from "./store-context";
import { makeTar, readTar, streamOf, type TestTarEntry } from "./test-tar";
import type { StoreContextOptions, UploadedFile } from "./types";

const DOCKERFILE = "FROM localhost:5000/buildlab/busybox:lab\nCOPY . /srv\n";

let workDir: string;
let dataDir: string;

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), "buildlab-context-test-"));
  dataDir = join(workDir, "data");
  mkdirSync(dataDir);
});

afterEach(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function options(overrides: Partial<StoreContextOptions> = {}): StoreContextOptions {
  return { dataDir, maxBytes: 1024 * 1024, maxFiles: 100, ...overrides };
}

/** Writes files into a new folder under the test's work folder; a null content makes a folder. */
function makeFolder(files: Record<string, string | null>): string {
  const root = mkdtempSync(join(workDir, "context-"));
  for (const [path, content] of Object.entries(files)) {
    if (content === null) mkdirSync(join(root, path), { recursive: true });
    else {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  }
  return root;
}

function upload(files: Record<string, string>, withSizes = true): UploadedFile[] {
  return Object.entries(files).map(([path, content]) => ({
    path,
    open: () => Readable.from([Buffer.from(content)]),
    size: withSizes ? Buffer.byteLength(content) : undefined,
  }));
}

async function rejection(promise: Promise<unknown>): Promise<BuildlabError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BuildlabError) return error;
    throw error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

function listDataDir(): string[] {
  return readdirSync(dataDir, { recursive: true }).map(String).sort();
}

describe("storeContext from a folder", () => {
  it("stores a normalized tar named by its digest", async () => {
    const root = makeFolder({ Dockerfile: DOCKERFILE, "src/app.sh": "echo hi\n", "src/b.txt": "b", "a.txt": "a" });
    execFileSync("chmod", ["755", join(root, "src/app.sh")]);

    const stored = await storeContext({ kind: "directory", path: root }, options());

    const bytes = readFileSync(stored.path);
    expect(stored.digest).toBe(`sha256:${createHash("sha256").update(bytes).digest("hex")}`);
    expect(stored.path).toBe(join(dataDir, "contexts", `${stored.digest.slice("sha256:".length)}.tar`));
    expect(stored.bytes).toBe(bytes.length);
    expect(stored.files).toBe(4);
    expect(stored.dockerfilePath).toBe("Dockerfile");
    expect(stored.dockerfile).toBe(DOCKERFILE);
    expect(stored.parsed.baseImages).toEqual(["localhost:5000/buildlab/busybox:lab"]);

    const entries = await readTar(stored.path);
    expect(entries.map((entry) => [entry.name, entry.type, entry.mode.toString(8)])).toEqual([
      ["Dockerfile", "file", "644"],
      ["a.txt", "file", "644"],
      ["src/", "directory", "755"],
      ["src/app.sh", "file", "755"],
      ["src/b.txt", "file", "644"],
    ]);
    for (const entry of entries) {
      expect(entry.mtime).toBe(0);
      expect(entry.uid).toBe(0);
      expect(entry.gid).toBe(0);
    }
    expect(entries.find((entry) => entry.name === "src/app.sh")?.content).toBe("echo hi\n");
    expect(listDataDir()).toEqual(["contexts", join("contexts", `${stored.digest.slice(7)}.tar`)]);
  });

  it("gives the same digest twice", async () => {
    const root = makeFolder({ Dockerfile: DOCKERFILE, "x/y.txt": "y" });

    const first = await storeContext({ kind: "directory", path: root }, options());
    const second = await storeContext({ kind: "directory", path: root }, options());

    expect(second.digest).toBe(first.digest);
    expect(second.path).toBe(first.path);
    expect(readdirSync(join(dataDir, "contexts"))).toHaveLength(1);
  });

  it("opens the stored tar again from the start", async () => {
    const root = makeFolder({ Dockerfile: DOCKERFILE });
    const stored = await storeContext({ kind: "directory", path: root }, options());

    for (let round = 0; round < 2; round += 1) {
      const chunks: Buffer[] = [];
      for await (const chunk of openContext(stored)) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).length).toBe(stored.bytes);
    }
  });

  it("honours .dockerignore with exceptions", async () => {
    const root = makeFolder({
      Dockerfile: DOCKERFILE,
      ".dockerignore": "# build output\n*.log\n!keep.log\nnode_modules\ndocs\n!docs/README.md\nDockerfile\n.dockerignore\n",
      "app.py": "print()",
      "debug.log": "x",
      "keep.log": "k",
      "sub/nested.log": "nested logs match only with **",
      "node_modules/pkg/index.js": "x",
      "docs/README.md": "readme",
      "docs/other.md": "other",
    });

    const stored = await storeContext({ kind: "directory", path: root }, options());

    const names = (await readTar(stored.path)).map((entry) => entry.name);
    expect(names).toEqual([".dockerignore", "Dockerfile", "app.py", "docs/README.md", "keep.log", "sub/", "sub/nested.log"]);
    expect(stored.files).toBe(6);
  });

  it("stores a Dockerfile at a custom path inside an ignored folder", async () => {
    const root = makeFolder({ "build/Dockerfile.dev": DOCKERFILE, "build/other": "x", ".dockerignore": "build\n" });

    const stored = await storeContext({ kind: "directory", path: root }, options({ dockerfilePath: "./build//Dockerfile.dev" }));

    expect(stored.dockerfilePath).toBe("build/Dockerfile.dev");
    expect((await readTar(stored.path)).map((entry) => entry.name)).toEqual([".dockerignore", "build/Dockerfile.dev"]);
  });

  it("keeps links that stay inside", async () => {
    const root = makeFolder({ Dockerfile: DOCKERFILE, "data/real.txt": "r" });
    symlinkSync("data/real.txt", join(root, "alias.txt"));
    symlinkSync("../data", join(root, "data/self"));
    symlinkSync("missing.txt", join(root, "dangling"));

    const stored = await storeContext({ kind: "directory", path: root }, options());

    const links = (await readTar(stored.path)).filter((entry) => entry.type === "symlink");
    expect(links.map((entry) => [entry.name, entry.linkname])).toEqual([
      ["alias.txt", "data/real.txt"],
      ["dangling", "missing.txt"],
      ["data/self", "../data"],
    ]);
    expect(stored.files).toBe(5);
  });

  it("rejects a link that escapes through another link", async () => {
    const root = makeFolder({ Dockerfile: DOCKERFILE });
    symlinkSync(".", join(root, "here"));
    symlinkSync("here/../outside", join(root, "zz-escape"));

    const error = await rejection(storeContext({ kind: "directory", path: root }, options()));

    expect(error.code).toBe("invalid_context");
    expect(error.message).toContain('Symbolic link "zz-escape"');
    expect(listDataDir()).toEqual([]);
  });

  it("rejects an absolute link and a fifo", async () => {
    const absolute = makeFolder({ Dockerfile: DOCKERFILE });
    symlinkSync("/etc/passwd", join(absolute, "passwd"));
    const withFifo = makeFolder({ Dockerfile: DOCKERFILE });
    execFileSync("mkfifo", [join(withFifo, "pipe")]);

    const linkError = await rejection(storeContext({ kind: "directory", path: absolute }, options()));
    const fifoError = await rejection(storeContext({ kind: "directory", path: withFifo }, options()));

    expect(linkError.message).toContain('"passwd" points to "/etc/passwd", which is outside the context');
    expect(fifoError.code).toBe("invalid_context");
    expect(fifoError.message).toContain('"pipe" is a fifo');
    expect(listDataDir()).toEqual([]);
  });

  it("skips an ignored fifo", async () => {
    const root = makeFolder({ Dockerfile: DOCKERFILE, ".dockerignore": "pipe\n" });
    execFileSync("mkfifo", [join(root, "pipe")]);

    const stored = await storeContext({ kind: "directory", path: root }, options());

    expect(stored.files).toBe(2);
  });

  it("rejects a missing folder, an empty one and a missing Dockerfile", async () => {
    const missing = await rejection(storeContext({ kind: "directory", path: join(workDir, "nope") }, options()));
    const empty = await rejection(storeContext({ kind: "directory", path: makeFolder({}) }, options()));
    const noDockerfile = await rejection(
      storeContext({ kind: "directory", path: makeFolder({ "app.py": "x" }) }, options()),
    );

    expect(missing.code).toBe("invalid_context");
    expect(empty.message).toContain("The context is empty");
    expect(noDockerfile.message).toContain('no regular file at the Dockerfile path "Dockerfile"');
    expect(listDataDir()).toEqual([]);
  });

  it("rejects an invalid Dockerfile with its problems", async () => {
    const root = makeFolder({ Dockerfile: "RUN true\nFROM busybox\n" });

    const error = await rejection(storeContext({ kind: "directory", path: root }, options()));

    expect(error.code).toBe("invalid_dockerfile");
    expect(error.message).toContain("line 1: RUN comes before the first FROM");
    expect(listDataDir()).toEqual([]);
  });

  it("leaves earlier contexts alone after a rejection", async () => {
    const good = await storeContext({ kind: "directory", path: makeFolder({ Dockerfile: DOCKERFILE }) }, options());

    await rejection(storeContext({ kind: "directory", path: makeFolder({ "a.txt": "a" }) }, options()));

    expect(readdirSync(join(dataDir, "contexts"))).toEqual([`${good.digest.slice(7)}.tar`]);
  });

  it("rejects a Dockerfile path outside the context", async () => {
    const root = makeFolder({ Dockerfile: DOCKERFILE });

    for (const dockerfilePath of ["../Dockerfile", "/Dockerfile", "."]) {
      const error = await rejection(storeContext({ kind: "directory", path: root }, options({ dockerfilePath })));
      expect(error.code).toBe("invalid_input");
    }
  });
});

describe("storeContext from an archive", () => {
  const base: TestTarEntry[] = [
    { name: "./", type: "directory" },
    { name: "./Dockerfile", content: DOCKERFILE },
    { name: "./src/", type: "directory" },
    { name: "./src/main.sh", content: "echo main\n", mode: 0o755 },
  ];

  it("stores an uncompressed tar", async () => {
    const stored = await storeContext({ kind: "archive", stream: streamOf(await makeTar(base)) }, options());

    const entries = await readTar(stored.path);
    expect(entries.map((entry) => [entry.name, entry.type, entry.mode.toString(8), entry.mtime])).toEqual([
      ["Dockerfile", "file", "644", 0],
      ["src/", "directory", "755", 0],
      ["src/main.sh", "file", "755", 0],
    ]);
    expect(stored.files).toBe(2);
    expect(stored.dockerfile).toBe(DOCKERFILE);
  });

  it("detects gzip by its magic bytes", async () => {
    const plain = await storeContext({ kind: "archive", stream: streamOf(await makeTar(base)) }, options());
    // One-byte chunks make sure the detection waits for both magic bytes.
    const gzipped = await storeContext({ kind: "archive", stream: streamOf(gzipSync(await makeTar(base)), 1) }, options());

    expect(gzipped.digest).toBe(plain.digest);
  });

  it("applies a .dockerignore that comes after the files it excludes", async () => {
    const tarball = await makeTar([
      ...base,
      { name: "secrets/key.pem", content: "secret" },
      { name: "notes.log", content: "log" },
      { name: ".dockerignore", content: "secrets\n*.log\n" },
    ]);

    const stored = await storeContext({ kind: "archive", stream: streamOf(tarball) }, options());

    expect((await readTar(stored.path)).map((entry) => entry.name)).toEqual([
      "Dockerfile",
      "src/",
      "src/main.sh",
      ".dockerignore",
    ]);
  });

  it("keeps links inside the context", async () => {
    const tarball = await makeTar([
      ...base,
      { name: "src/alias.sh", type: "symlink", linkname: "main.sh" },
      { name: "src/copy.sh", type: "link", linkname: "./src/main.sh" },
    ]);

    const stored = await storeContext({ kind: "archive", stream: streamOf(tarball) }, options());

    const entries = await readTar(stored.path);
    expect(entries.slice(-2).map((entry) => [entry.name, entry.type, entry.linkname])).toEqual([
      ["src/alias.sh", "symlink", "main.sh"],
      ["src/copy.sh", "link", "src/main.sh"],
    ]);
    expect(stored.files).toBe(4);
  });

  it("replaces the Dockerfile with pasted text", async () => {
    const pasted = "FROM localhost:5000/buildlab/busybox:lab\nRUN echo pasted\n";

    const stored = await storeContext(
      { kind: "archive", stream: streamOf(await makeTar(base)) },
      options({ dockerfileText: pasted }),
    );

    const entries = await readTar(stored.path);
    expect(entries.filter((entry) => entry.name === "Dockerfile").map((entry) => entry.content)).toEqual([pasted]);
    expect(stored.dockerfile).toBe(pasted);
    expect(stored.files).toBe(2);
  });

  const rejections: { name: string; entries: TestTarEntry[]; code: ErrorCode; message: string }[] = [
    {
      name: "a ../ entry",
      entries: [...base, { name: "src/../../evil.sh", content: "x" }],
      code: "invalid_context",
      message: 'Context entry "src/../../evil.sh" has a ".." segment',
    },
    {
      name: "an absolute path",
      entries: [...base, { name: "/etc/cron.d/evil", content: "x" }],
      code: "invalid_context",
      message: 'Context entry "/etc/cron.d/evil" is an absolute path',
    },
    {
      name: "a symlink out of the context",
      entries: [...base, { name: "src/up", type: "symlink", linkname: "../../.." }],
      code: "invalid_context",
      message: 'Symbolic link "src/up" points to "../../.."',
    },
    {
      name: "an absolute symlink",
      entries: [...base, { name: "shadow", type: "symlink", linkname: "/etc/shadow" }],
      code: "invalid_context",
      message: 'Symbolic link "shadow" points to "/etc/shadow"',
    },
    {
      name: "a symlink that escapes through a later link",
      entries: [
        ...base,
        { name: "p", type: "symlink", linkname: "q/.." },
        { name: "q", type: "symlink", linkname: "." },
      ],
      code: "invalid_context",
      message: 'Symbolic link "p" points to "q/.."',
    },
    {
      name: "a hard link to a later entry",
      entries: [
        ...base,
        { name: "early", type: "link", linkname: "late" },
        { name: "late", content: "x" },
      ],
      code: "invalid_context",
      message: 'Hard link "early" points to "late", which is not a file earlier in the context',
    },
    {
      name: "a hard link to a missing entry",
      entries: [...base, { name: "passwd", type: "link", linkname: "/etc/passwd" }],
      code: "invalid_context",
      message: 'Hard link "passwd" points to "/etc/passwd"',
    },
    {
      name: "a hard link to a folder",
      entries: [...base, { name: "folder-link", type: "link", linkname: "src" }],
      code: "invalid_context",
      message: 'Hard link "folder-link" points to "src"',
    },
    {
      name: "a character device",
      entries: [...base, { name: "null", type: "character-device", devmajor: 1, devminor: 3 }],
      code: "invalid_context",
      message: 'Context entry "null" is a character device',
    },
    {
      name: "a block device",
      entries: [...base, { name: "disk", type: "block-device", devmajor: 8, devminor: 0 }],
      code: "invalid_context",
      message: 'Context entry "disk" is a block device',
    },
    {
      name: "a fifo",
      entries: [...base, { name: "pipe", type: "fifo" }],
      code: "invalid_context",
      message: 'Context entry "pipe" is a fifo',
    },
    {
      name: "a duplicate entry",
      entries: [...base, { name: "src/main.sh", content: "again" }],
      code: "invalid_context",
      message: 'Context entry "src/main.sh" appears more than once',
    },
    {
      name: "a missing Dockerfile",
      entries: [{ name: "app.py", content: "print()" }],
      code: "invalid_context",
      message: 'no regular file at the Dockerfile path "Dockerfile"',
    },
    {
      name: "only folders",
      entries: [{ name: "empty/", type: "directory" }],
      code: "invalid_context",
      message: "The context is empty",
    },
    {
      name: "an archive with no entries",
      entries: [],
      code: "invalid_context",
      message: "The context is empty",
    },
    {
      name: "an invalid Dockerfile",
      entries: [{ name: "Dockerfile", content: "" }],
      code: "invalid_dockerfile",
      message: "line 1: The Dockerfile is empty",
    },
  ];

  for (const testCase of rejections) {
    it(`rejects ${testCase.name}`, async () => {
      const error = await rejection(
        storeContext({ kind: "archive", stream: streamOf(await makeTar(testCase.entries)) }, options()),
      );

      expect(error.code).toBe(testCase.code);
      expect(error.message).toContain(testCase.message);
      expect(listDataDir()).toEqual([]);
    });
  }

  it("rejects an empty upload", async () => {
    const error = await rejection(storeContext({ kind: "archive", stream: Readable.from([]) }, options()));

    expect(error.code).toBe("invalid_context");
    expect(error.message).toContain("The context is empty");
    expect(listDataDir()).toEqual([]);
  });

  it("rejects bytes that are not a tar", async () => {
    const error = await rejection(
      storeContext({ kind: "archive", stream: streamOf(Buffer.from("not a tar archive ".repeat(100))) }, options()),
    );

    expect(error.code).toBe("invalid_context");
    expect(error.message).toContain("not a valid tar archive");
    expect(listDataDir()).toEqual([]);
  });

  it("rejects corrupt gzip", async () => {
    const gzipped = gzipSync(await makeTar(base));
    gzipped.fill(0x55, 20, 200);

    const error = await rejection(storeContext({ kind: "archive", stream: streamOf(gzipped) }, options()));

    expect(error.code).toBe("invalid_context");
    expect(error.message).toContain("could not be decompressed");
    expect(listDataDir()).toEqual([]);
  });

  it("rejects a truncated tar", async () => {
    const tarball = await makeTar([...base, { name: "big.bin", content: Buffer.alloc(10_000, 1) }]);

    const error = await rejection(
      storeContext({ kind: "archive", stream: streamOf(tarball.subarray(0, tarball.length - 6000)) }, options()),
    );

    expect(error.code).toBe("invalid_context");
    expect(error.message).toContain("truncated");
    expect(listDataDir()).toEqual([]);
  });

  it("rejects too many files before reading the rest", async () => {
    let produced = 0;
    const pack = tar.pack();
    const producing = (async () => {
      for (let index = 0; index < 10_000 && !pack.destroyed; index += 1) {
        produced += 1;
        await new Promise<void>((resolve) => pack.entry({ name: `file-${index}` }, "x", () => resolve()));
      }
      pack.finalize();
    })();

    const error = await rejection(
      storeContext({ kind: "archive", stream: Readable.from(pack) }, options({ maxFiles: 20 })),
    );
    pack.destroy();
    await producing;

    expect(error.code).toBe("context_too_large");
    expect(error.status).toBe(413);
    expect(error.message).toContain("more than 20 files");
    expect(error.message).toContain('"file-20"');
    expect(produced).toBeLessThan(1_000);
    expect(listDataDir()).toEqual([]);
  });

  it("rejects too many bytes before reading the content", async () => {
    // A header that announces 1 GiB, followed by content produced only as it is read.
    const declared = 1024 * 1024 * 1024;
    let producedBytes = 0;
    const header = tar.pack();
    const headerBlock = new Promise<Buffer>((resolve) => header.once("data", (chunk) => resolve(chunk as Buffer)));
    header.entry({ name: "huge.bin", size: declared });
    const headerChunks = [await headerBlock];
    header.destroy();
    async function* upload() {
      yield* headerChunks;
      while (producedBytes < declared) {
        producedBytes += 65536;
        yield Buffer.alloc(65536);
      }
    }

    const error = await rejection(
      storeContext({ kind: "archive", stream: Readable.from(upload()) }, options({ maxBytes: 1024 * 1024 })),
    );

    expect(error.code).toBe("context_too_large");
    expect(error.message).toContain("more than 1048576 bytes");
    expect(producedBytes).toBeLessThan(16 * 1024 * 1024);
    expect(listDataDir()).toEqual([]);
  });
  it("stops the upload after an early rejection", async () => {
    const stream = streamOf(await makeTar(base));

    const error = await rejection(storeContext({ kind: "archive", stream }, options({ dockerfilePath: "../Dockerfile" })));

    expect(error.code).toBe("invalid_input");
    expect(stream.destroyed).toBe(true);
  });

  it("rejects trailing data past the tar size bound", async () => {
    // tar-stream reads zero blocks after the end of an archive as padding, so this would otherwise
    // be read to its end.
    const tarball = await makeTar(base);
    let producedBytes = 0;
    async function* upload() {
      yield tarball;
      for (;;) {
        producedBytes += 65536;
        yield Buffer.alloc(65536);
      }
    }

    const error = await rejection(
      storeContext({ kind: "archive", stream: Readable.from(upload()) }, options({ maxBytes: 1024, maxFiles: 10 })),
    );

    expect(error.code).toBe("context_too_large");
    expect(error.message).toContain("once uncompressed");
    expect(producedBytes).toBeLessThan(64 * 1024 * 1024);
    expect(listDataDir()).toEqual([]);
  });
});

describe("storeContext from uploaded files", () => {
  const files = { Dockerfile: DOCKERFILE, "web/index.html": "<p>hi</p>", "web/app.js": "console.log(1)" };

  it("gives the same digest in any order", async () => {
    const forward = await storeContext({ kind: "files", files: upload(files) }, options());
    const reversed = await storeContext({ kind: "files", files: upload(files).reverse() }, options());

    expect(reversed.digest).toBe(forward.digest);
    expect((await readTar(forward.path)).map((entry) => entry.name)).toEqual([
      "Dockerfile",
      "web/app.js",
      "web/index.html",
    ]);
    expect(forward.files).toBe(3);
  });

  it("spools files without a size", async () => {
    const withSizes = await storeContext({ kind: "files", files: upload(files) }, options());
    const withoutSizes = await storeContext({ kind: "files", files: upload(files, false) }, options());

    expect(withoutSizes.digest).toBe(withSizes.digest);
    expect(readdirSync(join(dataDir, "contexts"))).toEqual([`${withSizes.digest.slice(7)}.tar`]);
  });

  it("opens each file once", async () => {
    const opened = new Map<string, number>();
    const counted = upload({ ...files, ".dockerignore": "*.md\n", "README.md": "x" }).map((file) => ({
      ...file,
      open: () => {
        opened.set(file.path, (opened.get(file.path) ?? 0) + 1);
        return file.open();
      },
    }));

    await storeContext({ kind: "files", files: counted }, options());

    expect(Object.fromEntries(opened)).toEqual({
      ".dockerignore": 1,
      Dockerfile: 1,
      "web/app.js": 1,
      "web/index.html": 1,
    });
  });

  it("keeps the executable bit", async () => {
    const stored = await storeContext(
      {
        kind: "files",
        files: [...upload({ Dockerfile: DOCKERFILE }), { ...upload({ "run.sh": "echo" })[0], mode: 0o700 }],
      },
      options(),
    );

    expect((await readTar(stored.path)).map((entry) => entry.mode.toString(8))).toEqual(["644", "755"]);
  });

  it("stores a pasted Dockerfile alone", async () => {
    const stored = await storeContext({ kind: "files", files: [] }, options({ dockerfileText: DOCKERFILE }));

    expect((await readTar(stored.path)).map((entry) => [entry.name, entry.content])).toEqual([["Dockerfile", DOCKERFILE]]);
    expect(stored.files).toBe(1);
  });

  it("rejects an empty upload", async () => {
    const error = await rejection(storeContext({ kind: "files", files: [] }, options()));

    expect(error.message).toContain("The context is empty");
    expect(listDataDir()).toEqual([]);
  });

  it("rejects paths outside the context", async () => {
    for (const path of ["../up.txt", "/abs.txt", "a/../../b"]) {
      const error = await rejection(
        storeContext({ kind: "files", files: upload({ Dockerfile: DOCKERFILE, [path]: "x" }) }, options()),
      );
      expect(error.code).toBe("invalid_context");
      expect(error.message).toContain(`"${path}"`);
    }
    expect(listDataDir()).toEqual([]);
  });

  it("rejects the same path twice", async () => {
    const error = await rejection(
      storeContext({ kind: "files", files: [...upload(files), ...upload({ "./web//app.js": "again" })] }, options()),
    );

    expect(error.message).toContain('"web/app.js" was uploaded more than once');
  });

  it("rejects an unsized file past the byte limit while spooling", async () => {
    let producedBytes = 0;
    async function* endless() {
      for (;;) {
        producedBytes += 65536;
        yield Buffer.alloc(65536);
      }
    }
    const big: UploadedFile = { path: "big.bin", open: () => Readable.from(endless()) };

    const error = await rejection(
      storeContext({ kind: "files", files: [...upload({ Dockerfile: DOCKERFILE }), big] }, options({ maxBytes: 1024 * 1024 })),
    );

    expect(error.code).toBe("context_too_large");
    expect(error.message).toContain('"big.bin"');
    expect(producedBytes).toBeLessThan(4 * 1024 * 1024);
    expect(listDataDir()).toEqual([]);
  });

  it("rejects too many files", async () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`f${index}.txt`, "x"]));

    const error = await rejection(
      storeContext({ kind: "files", files: upload({ Dockerfile: DOCKERFILE, ...many }) }, options({ maxFiles: 10 })),
    );

    expect(error.code).toBe("context_too_large");
    expect(error.message).toContain("more than 10 files");
    expect(listDataDir()).toEqual([]);
  });

  it("rejects a file that is shorter than its size", async () => {
    const short: UploadedFile = { path: "short.txt", size: 100, open: () => Readable.from([Buffer.from("only 20 bytes here!")]) };

    const error = await rejection(
      storeContext({ kind: "files", files: [...upload({ Dockerfile: DOCKERFILE }), short] }, options()),
    );

    expect(error.code).toBe("invalid_context");
    expect(error.message).toContain('File "short.txt" did not have the 100 bytes');
    expect(listDataDir()).toEqual([]);
  });
});
