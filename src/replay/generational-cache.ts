/**
 * A bounded map that forgets its least recently used entries in bulk. Entries go into a `recent` map;
 * once it holds half the capacity it becomes the `older` one (the previous older is dropped) and a new
 * recent map starts; a hit in `older` moves the entry back to `recent`. So an entry used within the last
 * `capacity / 2` insertions is always kept, at most `capacity` are held, and a hit is one lookup: an exact
 * LRU (delete + set on every hit, for every replayed request) makes V8 rebuild a big map's table every few
 * thousand hits.
 */
export class GenerationalCache<K, V> {
  #recent = new Map<K, V>();
  #older = new Map<K, V>();
  readonly #half: number;

  constructor(capacity: number) {
    this.#half = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: K): V | undefined {
    const value = this.#recent.get(key);
    if (value !== undefined) return value;
    const old = this.#older.get(key);
    if (old !== undefined) {
      this.#older.delete(key);
      this.#put(key, old);
    }
    return old;
  }

  set(key: K, value: V): void {
    this.#older.delete(key);
    this.#put(key, value);
  }

  get size(): number {
    return this.#recent.size + this.#older.size;
  }

  #put(key: K, value: V): void {
    if (this.#recent.size >= this.#half && !this.#recent.has(key)) {
      this.#older = this.#recent;
      this.#recent = new Map();
    }
    this.#recent.set(key, value);
  }
}
