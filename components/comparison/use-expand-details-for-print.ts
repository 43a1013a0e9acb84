"use client";

import { useEffect } from "react";

/**
 * Opens every closed `<details>` inside an element marked `data-print-expand` while the page prints,
 * and closes them again afterwards, because browsers print a closed disclosure closed and CSS
 * cannot open it. Both the Print button and the browser's own print command fire these events.
 */
export function useExpandDetailsForPrint(): void {
  useEffect(() => {
    let opened: HTMLDetailsElement[] = [];

    const open = () => {
      opened = [...document.querySelectorAll<HTMLDetailsElement>("[data-print-expand] details:not([open])")];
      for (const details of opened) details.open = true;
    };
    const restore = () => {
      for (const details of opened) details.open = false;
      opened = [];
    };

    window.addEventListener("beforeprint", open);
    window.addEventListener("afterprint", restore);
    return () => {
      window.removeEventListener("beforeprint", open);
      window.removeEventListener("afterprint", restore);
    };
  }, []);
}
