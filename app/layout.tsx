import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { SiteNav } from "@/components/site-nav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Buildlab", template: "%s · Buildlab" },
  description: "Measure Docker socket, Docker-in-Docker and Kaniko builds side by side",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans print:bg-white print:[print-color-adjust:exact]">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        {/* Printed pages (a comparison saved as PDF) need no navigation. */}
        <header className="border-b border-slate-200 bg-white print:hidden">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className="text-lg font-bold tracking-tight text-slate-900">
              Buildlab
            </Link>
            <SiteNav />
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6 print:max-w-none print:px-0 print:py-0">
          {children}
        </main>
      </body>
    </html>
  );
}
