import { Option } from "effect"
import type { JSX } from "solid-js"
import { Show } from "solid-js"

/** Cursor pages: the cursor lives in the URL, so Back returns to the previous page and a page can be shared. */
export const Pager = (props: {
  readonly cursor: string | undefined
  readonly next: Option.Option<string>
  readonly onCursor: (cursor: string | undefined) => void
  readonly children?: JSX.Element
}) => (
  <nav class="pager" aria-label="Pages">
    <Show when={props.cursor}>
      <button type="button" onClick={() => props.onCursor(undefined)}>First page</button>
    </Show>
    {props.children}
    <Show when={Option.getOrUndefined(props.next)}>
      {(cursor) => <button type="button" onClick={() => props.onCursor(cursor())}>Next page →</button>}
    </Show>
  </nav>
)
