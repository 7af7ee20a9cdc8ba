import type { Accessor, JSX } from "solid-js"
import { Show } from "solid-js"
import type { QueryState } from "../data/Query.js"

/** Loading, error and ready states of one query; stale data stays on screen while a retry runs. */
export const Loadable = <A extends unknown>(props: {
  readonly state: QueryState<A>
  readonly label: string
  readonly onRetry?: () => void
  readonly children: (data: Accessor<A>) => JSX.Element
}) => {
  const data = () => (props.state.status === "loading" ? undefined : props.state.data)
  const problem = () => (props.state.status === "failed" ? props.state.problem : undefined)
  return (
    <Show
      when={data()}
      fallback={
        <Show
          when={problem()}
          fallback={<div class="placeholder" role="status" aria-live="polite">Loading {props.label}…</div>}
        >
          {(failed) => (
            <div class="problem" role="alert">
              <strong>{failed().kind === "not-found" ? "Not found" : `Could not load ${props.label}`}</strong>
              <p>{failed().message}</p>
              <Show when={props.onRetry}>
                <button type="button" onClick={() => props.onRetry?.()}>Try again</button>
              </Show>
            </div>
          )}
        </Show>
      }
    >
      {(ready) => props.children(ready as Accessor<A>)}
    </Show>
  )
}

export const Empty = (props: { readonly children: JSX.Element }) => <div class="empty">{props.children}</div>
