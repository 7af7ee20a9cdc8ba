import type { ZeClientShape } from "@ze/client"
import type { Effect } from "effect"
import { Exit } from "effect"
import type { Accessor } from "solid-js"
import { createEffect, createSignal, on, onCleanup } from "solid-js"
import { useApi } from "./Api.js"
import type { Problem } from "./Problem.js"
import { isTransient } from "./Problem.js"

export type QueryState<A> =
  | { readonly status: "loading" }
  | { readonly status: "ready"; readonly data: A; readonly refreshing: boolean }
  | { readonly status: "failed"; readonly problem: Problem; readonly data: A | undefined }

export interface QueryOptions {
  /** How long an answer is reused without asking again (30 s). */
  readonly ttlMs?: number
  /** While it returns a number, the query is asked again that often (the server answers 304 when nothing changed). */
  readonly pollMs?: Accessor<number | null>
}

export const retryDelayMs = 3_000

/**
 * One API answer for a page, keyed by everything it depends on. Cached answers are shown at once; an unreachable
 * server raises the banner and the query retries by itself until the server answers again.
 */
export const useQuery = <A, E>(
  key: Accessor<string | null>,
  load: (client: ZeClientShape) => Effect.Effect<A, E>,
  options: QueryOptions = {}
) => {
  const api = useApi()
  const ttlMs = options.ttlMs ?? 30_000
  const [state, setState] = createSignal<QueryState<A>>({ status: "loading" })
  let timer: ReturnType<typeof setTimeout> | undefined
  const clear = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  const later = (ms: number, k: string) => {
    clear()
    timer = setTimeout(() => void run(k, true), ms)
  }
  const schedulePoll = (k: string) => {
    const every = options.pollMs?.()
    if (every !== null && every !== undefined) later(every, k)
  }

  const run = async (k: string, force: boolean) => {
    const cached = api.cache.peek(k)?.value as A | undefined
    if (!force && cached !== undefined && api.cache.isFresh(k, ttlMs)) {
      setState({ status: "ready", data: cached, refreshing: false })
      return schedulePoll(k)
    }
    if (cached !== undefined) setState({ status: "ready", data: cached, refreshing: true })
    else if (state().status !== "failed") setState({ status: "loading" })
    const exit = await api.cache.shared(k, () => api.call(load))
    if (k !== key()) return
    if (Exit.isSuccess(exit)) {
      api.cache.set(k, exit.value)
      api.markUp()
      setState({ status: "ready", data: exit.value as A, refreshing: false })
      return schedulePoll(k)
    }
    const problem = exit.cause._tag === "Fail"
      ? exit.cause.error
      : { kind: "defect" as const, message: "Unknown failure" }
    setState({ status: "failed", problem, data: cached })
    if (isTransient(problem)) {
      api.markDown(problem.message)
      later(retryDelayMs, k)
    }
  }

  createEffect(on(key, (k) => {
    clear()
    if (k !== null) void run(k, false)
  }))
  onCleanup(clear)

  return {
    state,
    data: (): A | undefined => {
      const current = state()
      return current.status === "loading" ? undefined : current.data
    },
    refetch: () => {
      const k = key()
      if (k !== null) void run(k, true)
    }
  }
}
