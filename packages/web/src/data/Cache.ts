import type { Exit } from "effect"

interface Entry {
  readonly at: number
  readonly value: unknown
}

/**
 * Answers by key with the time they arrived, and requests in flight shared by key: a page revisited within the
 * lifetime costs no request, and two components asking for the same thing make one.
 */
export class QueryCache {
  private readonly entries = new Map<string, Entry>()
  private readonly inFlight = new Map<string, Promise<Exit.Exit<unknown, unknown>>>()

  constructor(private readonly now: () => number = Date.now) {}

  peek(key: string): Entry | undefined {
    return this.entries.get(key)
  }

  isFresh(key: string, ttlMs: number): boolean {
    const entry = this.entries.get(key)
    return entry !== undefined && this.now() - entry.at < ttlMs
  }

  set(key: string, value: unknown) {
    this.entries.set(key, { at: this.now(), value })
    if (this.entries.size > 200) this.entries.delete(this.entries.keys().next().value!)
  }

  shared<A, E>(key: string, start: () => Promise<Exit.Exit<A, E>>): Promise<Exit.Exit<A, E>> {
    const running = this.inFlight.get(key)
    if (running) return running as Promise<Exit.Exit<A, E>>
    const promise = start().finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, promise)
    return promise
  }
}
