"use client";

import { useState } from "react";
import { readApiError } from "../read-api-error";

type ShareState =
  | { state: "idle" }
  | { state: "working"; action: "create" | "revoke" }
  | { state: "created"; url: string; copied: boolean }
  | { state: "revoked"; revoked: boolean }
  | { state: "failed"; message: string };

const BUTTON_BASE = "rounded-md border bg-white px-3 py-1.5 text-sm font-medium disabled:cursor-wait disabled:text-slate-500";
const BUTTON = `${BUTTON_BASE} border-slate-400 hover:bg-slate-100`;
const DANGER_BUTTON = `${BUTTON_BASE} border-red-700 text-red-800 hover:bg-red-50`;

function createLabel(share: ShareState): string {
  if (share.state === "working" && share.action === "create") return "Creating…";
  if (share.state === "created") return "Create a new share link";
  return "Create share link";
}

/**
 * Creates a read-only share link (`POST /api/comparisons/:id/share`), which replaces any earlier
 * one, shows it to copy, and revokes it (`DELETE`). Only an admin may do either.
 */
export function ShareLinkControls({ comparisonId }: { comparisonId: string }) {
  const [share, setShare] = useState<ShareState>({ state: "idle" });
  const busy = share.state === "working";

  async function send(action: "create" | "revoke") {
    setShare({ state: "working", action });
    try {
      const response = await fetch(`/api/comparisons/${comparisonId}/share`, { method: action === "create" ? "POST" : "DELETE" });
      if (!response.ok) {
        setShare({ state: "failed", message: (await readApiError(response)).message });
        return;
      }
      if (action === "create") {
        const { path } = (await response.json()) as { path: string };
        setShare({ state: "created", url: new URL(path, window.location.origin).toString(), copied: false });
      } else {
        const { revoked } = (await response.json()) as { revoked: boolean };
        setShare({ state: "revoked", revoked });
      }
    } catch (caught) {
      setShare({ state: "failed", message: `The request did not reach the server: ${caught instanceof Error ? caught.message : String(caught)}` });
    }
  }

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setShare({ state: "created", url, copied: true });
    } catch {
      // Without clipboard access (an insecure origin, a denied permission) the link stays selectable.
      (document.getElementById("share-link-url") as HTMLInputElement | null)?.select();
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <button type="button" onClick={() => void send("create")} disabled={busy} className={BUTTON}>
          {createLabel(share)}
        </button>
        <button type="button" onClick={() => void send("revoke")} disabled={busy} className={DANGER_BUTTON}>
          {share.state === "working" && share.action === "revoke" ? "Revoking…" : "Revoke share link"}
        </button>
      </div>

      {share.state === "created" && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor="share-link-url" className="font-medium">Read-only link</label>
          <input id="share-link-url" data-testid="share-link" readOnly value={share.url} onFocus={(event) => event.currentTarget.select()} className="w-full max-w-xl rounded-md border border-slate-400 bg-white px-2 py-1 font-mono text-xs sm:w-auto sm:flex-1" />
          <button type="button" onClick={() => void copy(share.url)} className={BUTTON}>
            {share.copied ? "Copied" : "Copy"}
          </button>
          <p className="basis-full text-slate-700">Anyone with this link can see this comparison, its logs and its exports, until it is revoked. Creating a new link revokes this one.</p>
        </div>
      )}
      {share.state === "revoked" && (
        <p role="status" data-testid="share-revoked" className="text-sm text-slate-800">
          {share.revoked ? "The share link was revoked; it no longer opens this comparison." : "This comparison had no share link to revoke."}
        </p>
      )}
      {share.state === "failed" && (
        <p role="alert" className="text-sm text-red-800">
          The share link could not be changed: {share.message}
        </p>
      )}
    </div>
  );
}
