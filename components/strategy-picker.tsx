import type { StrategyName } from "@/lib/strategies/types";
import { firstAvailableMode, type StrategyOption } from "./api-types";
import { MODE_LABELS } from "./strategy-labels";

/** The user's choice for one strategy: whether it runs, and in which mode. */
export interface StrategyChoice {
  checked: boolean;
  mode: string;
}

interface StrategyPickerProps {
  strategies: StrategyOption[];
  choices: Partial<Record<StrategyName, StrategyChoice>>;
  onChange: (name: StrategyName, choice: StrategyChoice) => void;
}

/**
 * Renders one checkbox per strategy with its modes and its availability. An unavailable strategy
 * is disabled, and its reason and fix are shown beside it.
 */
export function StrategyPicker({ strategies, choices, onChange }: StrategyPickerProps) {
  return (
    <div className="space-y-3">
      {strategies.map((strategy) => {
        const choice = choices[strategy.name] ?? { checked: false, mode: firstAvailableMode(strategy) };
        const unavailableModes = strategy.modes.filter((mode) => strategy.modeAvailability?.[mode]?.available === false);
        const available = strategy.availability.available;
        const inputId = `strategy-${strategy.name}`;
        const availabilityId = `${inputId}-availability`;

        return (
          <div
            key={strategy.name}
            data-testid={inputId}
            data-available={available}
            className={`rounded-md border p-3 ${available ? "border-slate-300 bg-white" : "border-slate-200 bg-slate-100"}`}
          >
            <div className="flex items-start gap-3">
              <input
                id={inputId}
                type="checkbox"
                checked={available && choice.checked}
                disabled={!available}
                aria-describedby={availabilityId}
                onChange={(event) => onChange(strategy.name, { ...choice, checked: event.target.checked })}
                className="mt-1 h-4 w-4 accent-blue-700"
              />
              <div className="min-w-0 flex-1">
                <label htmlFor={inputId} className={`font-semibold ${available ? "" : "text-slate-600"}`}>
                  {strategy.label}
                </label>
                <AvailabilityText id={availabilityId} strategy={strategy} />
              </div>
            </div>

            {strategy.modes.length > 1 && (
              <fieldset className="mt-2 ml-7" disabled={!available}>
                <legend className="text-xs font-medium text-slate-700">Mode for {strategy.label}</legend>
                <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                  {strategy.modes.map((mode) => (
                    <label key={mode} className={`inline-flex items-center gap-2 text-sm ${unavailableModes.includes(mode) ? "text-slate-500" : ""}`}>
                      <input
                        type="radio"
                        name={`${inputId}-mode`}
                        value={mode}
                        checked={choice.mode === mode}
                        disabled={unavailableModes.includes(mode)}
                        onChange={() => onChange(strategy.name, { ...choice, mode })}
                        className="h-4 w-4 accent-blue-700"
                      />
                      {MODE_LABELS[mode] ?? mode}
                    </label>
                  ))}
                </div>
                {unavailableModes.map((mode) => {
                  const availability = strategy.modeAvailability?.[mode];
                  if (!availability || availability.available) return null;
                  return (
                    <p key={mode} data-testid={`${inputId}-mode-${mode}-unavailable`} className="mt-1 text-xs text-slate-700 [overflow-wrap:anywhere]">
                      <span className="font-semibold">{MODE_LABELS[mode] ?? mode} is not available:</span> {availability.reason} {availability.fix}
                    </p>
                  );
                })}
              </fieldset>
            )}
          </div>
        );
      })}
    </div>
  );
}

function AvailabilityText({ id, strategy }: { id: string; strategy: StrategyOption }) {
  const availability = strategy.availability;

  if (availability.available) {
    const versions = Object.entries(availability.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ");
    return (
      <p id={id} className="text-sm text-green-800 [overflow-wrap:anywhere]">
        Available{versions ? ` · ${versions}` : ""}
      </p>
    );
  }

  return (
    <div id={id} className="text-sm text-slate-800 [overflow-wrap:anywhere]">
      <p>
        <span className="font-semibold text-red-800">Not available:</span> {availability.reason}
      </p>
      <p className="mt-0.5">
        <span className="font-semibold">Fix:</span> {availability.fix}
      </p>
    </div>
  );
}
