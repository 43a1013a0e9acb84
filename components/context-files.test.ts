import { describe, expect, it } from "vitest";
import { toContextEntries } from "./context-files";

function pickedFile(name: string, relativePath = ""): File {
  const file = new File(["x"], name);
  // Browsers set webkitRelativePath on folder picks; Node's File has no such property.
  Object.defineProperty(file, "webkitRelativePath", { value: relativePath });
  return file;
}

describe("toContextEntries", () => {
  it("drops the picked folder's name from context paths", () => {
    const entries = toContextEntries([pickedFile("Dockerfile", "my-app/Dockerfile"), pickedFile("app.py", "my-app/src/app.py")]);

    expect(entries.map((entry) => entry.path)).toEqual(["Dockerfile", "src/app.py"]);
  });

  it("keeps the upload paths as the browser gave them", () => {
    const entries = toContextEntries([pickedFile("Dockerfile", "my-app/Dockerfile"), pickedFile("app.py", "my-app/src/app.py")]);

    expect(entries.map((entry) => entry.uploadPath)).toEqual(["my-app/Dockerfile", "my-app/src/app.py"]);
  });

  it("keeps bare names of files picked one by one", () => {
    const entries = toContextEntries([pickedFile("Dockerfile"), pickedFile("requirements.txt")]);

    expect(entries.map((entry) => entry.path)).toEqual(["Dockerfile", "requirements.txt"]);
    expect(entries.map((entry) => entry.uploadPath)).toEqual(["Dockerfile", "requirements.txt"]);
  });

  it("keeps paths whole when their first folders differ", () => {
    const entries = toContextEntries([pickedFile("a.txt", "one/a.txt"), pickedFile("b.txt", "two/b.txt")]);

    expect(entries.map((entry) => entry.path)).toEqual(["one/a.txt", "two/b.txt"]);
  });
});
