import type { RunView } from "@/lib/views";
import { formatBytes } from "./format-bytes";

/** Renders the image a run produced: size, layer count, digest, reference and id, as stored. */
export function ImageFacts({ image }: { image: RunView["image"] }) {
  return (
    <dl data-testid="image-facts" className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      <dt className="font-medium text-slate-700">Size</dt>
      <dd data-testid="image-size" data-bytes={image.sizeBytes ?? undefined} title={image.sizeBytes === null ? undefined : `${image.sizeBytes} bytes`}>
        {image.sizeBytes === null ? "—" : `${formatBytes(image.sizeBytes)} (${image.sizeBytes.toLocaleString("en-US")} bytes)`}
      </dd>
      <dt className="font-medium text-slate-700">Layers</dt>
      <dd data-testid="image-layers" data-count={image.layerCount ?? undefined}>
        {image.layerCount ?? "—"}
      </dd>
      <dt className="font-medium text-slate-700">Digest</dt>
      <dd data-testid="image-digest" className="font-mono text-xs break-all">
        {image.digest ?? "—"}
      </dd>
      <dt className="font-medium text-slate-700">Reference</dt>
      <dd data-testid="image-ref" className="font-mono text-xs break-all">
        {image.ref ?? "—"}
      </dd>
      <dt className="font-medium text-slate-700">Image ID</dt>
      <dd data-testid="image-id" className="font-mono text-xs break-all">
        {image.id ?? "—"}
      </dd>
    </dl>
  );
}
