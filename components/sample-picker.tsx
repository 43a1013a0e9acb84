import type { SampleOption } from "./api-types";

interface SamplePickerProps {
  samples: SampleOption[];
  selected: string | null;
  onSelect: (name: string) => void;
}

/** Renders the bundled samples as radio cards, each card being the label of its radio button. */
export function SamplePicker({ samples, selected, onSelect }: SamplePickerProps) {
  return (
    <fieldset>
      <legend className="sr-only">Sample</legend>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {samples.map((sample) => {
          const checked = sample.name === selected;
          return (
            <label
              key={sample.name}
              data-testid={`sample-${sample.name}`}
              className={`flex cursor-pointer gap-3 rounded-md border p-3 has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-700 ${checked ? "border-blue-700 bg-blue-50" : "border-slate-300 bg-white hover:border-slate-400"}`}
            >
              <input
                type="radio"
                name="sample"
                value={sample.name}
                checked={checked}
                onChange={() => onSelect(sample.name)}
                className="mt-1 h-4 w-4 accent-blue-700 focus-visible:outline-none"
              />
              <span>
                <span className="block font-semibold">{sample.title}</span>
                <span className="block font-mono text-xs text-slate-600">{sample.name}</span>
                <span className="mt-1 block text-sm text-slate-700">{sample.description}</span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
