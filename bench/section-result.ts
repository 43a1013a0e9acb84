/** One target of a benchmark section, with what was measured against it. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

/** Result of one benchmark section: its method, figures and targets, as Markdown. */
export interface SectionResult {
  title: string;
  /** Method of measurement, as Markdown paragraphs or lists. */
  method: string;
  /** Tables and notes, as Markdown. */
  figures: string;
  targets: TargetCheck[];
  /** For a missed target: by how much, what limits it and what change would fix it, as Markdown. */
  analysis?: string;
  /** Versions or facts of the environment that only this section learned, such as Chromium's version. */
  environment?: Record<string, string>;
}
