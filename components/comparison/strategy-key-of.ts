/**
 * Returns the key of a strategy with its mode, such as "socket/buildkit", which is also how
 * lib/stats names strategies in its noise messages. A strategy without a mode is its bare name.
 */
export function strategyKeyOf(item: { strategy: string; mode?: string | null }): string {
  return item.mode ? `${item.strategy}/${item.mode}` : item.strategy;
}
