interface Entry {
  config: Record<string, unknown>;
  client: unknown;
}

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && Object.is(a[key], b[key]));
}

/** One SDK client per constructor + shallowly equal config, destroyed with the credentials service. */
export class SdkClientCache {
  readonly #entries = new Map<unknown, Entry[]>();

  get<T>(ctor: unknown, config: Record<string, unknown>, create: () => T): T {
    let list = this.#entries.get(ctor);
    if (!list) {
      list = [];
      this.#entries.set(ctor, list);
    }
    const hit = list.find((entry) => shallowEqual(entry.config, config));
    if (hit) return hit.client as T;
    const client = create();
    list.push({ config: { ...config }, client });
    return client;
  }

  destroy(): void {
    for (const list of this.#entries.values()) {
      for (const { client } of list) {
        (client as { destroy?: () => void }).destroy?.();
      }
    }
    this.#entries.clear();
  }
}
