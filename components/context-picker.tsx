"use client";

import { useId, useState } from "react";
import { toContextEntries, type ContextSelection } from "./context-files";
import { formatBytes } from "./format-bytes";

type PickKind = "folder" | "files" | "archive";

const PICK_LABELS: Record<PickKind, string> = {
  folder: "A folder",
  files: "Several files",
  archive: "One .tar or .tar.gz archive",
};

/** Lets the user give the build context as a folder, as several files, or as one tar archive. */
export function ContextPicker({ selection, onChange }: { selection: ContextSelection; onChange: (selection: ContextSelection) => void }) {
  const [kind, setKind] = useState<PickKind>("folder");
  const baseId = useId();
  const inputId = `${baseId}-input`;

  function pick(files: FileList | null) {
    if (!files || files.length === 0) {
      onChange({ kind: "none" });
      return;
    }
    if (kind === "archive") {
      onChange({ kind: "archive", file: files[0] });
      return;
    }
    onChange({ kind: "files", entries: toContextEntries(files) });
  }

  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Build context</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {(Object.keys(PICK_LABELS) as PickKind[]).map((option) => (
          <label key={option} className="inline-flex items-center gap-2 text-sm">
            <input
              type="radio"
              name={`${baseId}-kind`}
              value={option}
              checked={kind === option}
              onChange={() => {
                setKind(option);
                onChange({ kind: "none" });
              }}
              className="h-4 w-4 accent-blue-700"
            />
            {PICK_LABELS[option]}
          </label>
        ))}
      </div>

      <div>
        <label htmlFor={inputId} className="sr-only">
          {PICK_LABELS[kind]}
        </label>
        <input
          // A new key per kind clears the picked files when the kind changes.
          key={kind}
          id={inputId}
          type="file"
          multiple={kind !== "archive"}
          accept={kind === "archive" ? ".tar,.tar.gz,.tgz,application/x-tar,application/gzip" : undefined}
          ref={(input) => {
            // React has no typed prop for folder picking; the DOM property works in every current browser.
            if (input) input.webkitdirectory = kind === "folder";
          }}
          onChange={(event) => pick(event.target.files)}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-200 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-900 hover:file:bg-slate-300"
        />
      </div>

      <ContextSummary selection={selection} />
    </fieldset>
  );
}

function ContextSummary({ selection }: { selection: ContextSelection }) {
  if (selection.kind === "none") {
    return <p className="text-sm text-slate-600">No context files chosen.</p>;
  }
  if (selection.kind === "archive") {
    return (
      <p className="text-sm text-slate-700" data-testid="context-summary">
        Archive {selection.file.name}, {formatBytes(selection.file.size)}
      </p>
    );
  }

  const totalBytes = selection.entries.reduce((sum, entry) => sum + entry.file.size, 0);
  return (
    <details className="text-sm text-slate-700" data-testid="context-summary">
      <summary>
        {selection.entries.length} {selection.entries.length === 1 ? "file" : "files"}, {formatBytes(totalBytes)}
      </summary>
      <ul className="mt-1 max-h-40 overflow-auto font-mono text-xs">
        {selection.entries.map((entry) => (
          <li key={entry.path}>{entry.path}</li>
        ))}
      </ul>
    </details>
  );
}
