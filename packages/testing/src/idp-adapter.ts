type Payload = Record<string, unknown> & {
  grantId?: string;
  userCode?: string;
  uid?: string;
  consumed?: number;
};

/** A minimal in-memory oidc-provider adapter (one store per provider instance, entries expire). */
/** The oidc-provider adapter interface, as far as the kit uses it. */
export interface MemoryAdapter {
  upsert(id: string, payload: Payload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Payload | undefined>;
  findByUid(uid: string): Promise<Payload | undefined>;
  findByUserCode(userCode: string): Promise<Payload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

export function memoryAdapterFactory(): new (model: string) => MemoryAdapter {
  const store = new Map<string, { payload: Payload; expiresAt?: number }>();
  const alive = (key: string) => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  return class implements MemoryAdapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }
    key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Payload, expiresIn?: number) {
      store.set(this.key(id), {
        payload,
        ...(expiresIn ? { expiresAt: Date.now() + expiresIn * 1000 } : {}),
      });
    }
    async find(id: string) {
      return alive(this.key(id));
    }
    async findByUid(uid: string) {
      for (const key of store.keys()) {
        if (key.startsWith(`${this.model}:`) && alive(key)?.uid === uid) return alive(key);
      }
      return undefined;
    }
    async findByUserCode(userCode: string) {
      for (const key of store.keys()) {
        if (key.startsWith(`${this.model}:`) && alive(key)?.userCode === userCode) return alive(key);
      }
      return undefined;
    }
    async consume(id: string) {
      const payload = alive(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
    }
  };
}
