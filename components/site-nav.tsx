"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "New comparison", matches: (path: string) => path === "/" },
  { href: "/history", label: "History", matches: (path: string) => path.startsWith("/history") },
  { href: "/environment", label: "Environment", matches: (path: string) => path.startsWith("/environment") },
  { href: "/learn", label: "Learn", matches: (path: string) => path.startsWith("/learn") },
];

/** Renders the header's links, with the current page marked for screen readers and by an underline. */
export function SiteNav() {
  const pathname = usePathname() ?? "/";

  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap gap-x-3 gap-y-1">
        {LINKS.map((link) => {
          const current = link.matches(pathname);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={`rounded px-1 py-1 text-sm font-medium whitespace-nowrap hover:text-blue-800 hover:underline ${current ? "text-blue-800 underline underline-offset-4" : "text-slate-700"}`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
