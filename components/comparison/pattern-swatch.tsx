/** Renders a legend square filled with a pattern that ChartPatterns defined, with a border for white fills. */
export function PatternSwatch({ patternId }: { patternId: string }) {
  return (
    <svg aria-hidden="true" focusable="false" width="14" height="14" className="shrink-0">
      <rect x="0.5" y="0.5" width="13" height="13" rx="2" fill={`url(#${patternId})`} stroke="#475569" />
    </svg>
  );
}
