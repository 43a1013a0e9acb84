/**
 * A set of live ids that also reports every id outside `known` as live. Strategies remove the
 * resources whose run id is not live, so with this set they remove only resources of runs stored in
 * this database, and leave those of another Buildlab installation on the same Docker Engine alone.
 */
export class KeepUnknownSet extends Set<string> {
  readonly #known: ReadonlySet<string>;

  constructor(live: Iterable<string>, known: ReadonlySet<string>) {
    super(live);
    this.#known = known;
  }

  override has(id: string): boolean {
    return super.has(id) || !this.#known.has(id);
  }
}
