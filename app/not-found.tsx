import Link from "next/link";

export default function NotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold tracking-tight">Not found</h1>
      <p className="text-slate-700">Nothing is stored at this address. The comparison may have been deleted, or the link is incomplete.</p>
      <p className="flex gap-4">
        <Link href="/history" className="text-blue-800 underline">See all comparisons</Link>
        <Link href="/" className="text-blue-800 underline">Start a new comparison</Link>
      </p>
    </div>
  );
}
