import type { JSX } from "solid-js"

const focusable = "a[href], button, [tabindex]"

/** Arrow keys move between rows, Home/End to the first and last: tables are usable without a mouse. */
const onKeyDown = (event: KeyboardEvent) => {
  if (!["ArrowDown", "ArrowUp", "Home", "End"].includes(event.key)) return
  const row = (event.target as HTMLElement).closest("tr")
  const body = row?.parentElement
  if (!row || !body || body.tagName !== "TBODY") return
  const rows = [...body.children] as Array<HTMLElement>
  const index = rows.indexOf(row)
  const next = event.key === "Home"
    ? 0
    : event.key === "End"
    ? rows.length - 1
    : index + (event.key === "ArrowDown" ? 1 : -1)
  const target = rows[next]?.querySelector<HTMLElement>(focusable) ?? rows[next]
  if (!target) return
  event.preventDefault()
  target.focus()
}

export const Table = (props: {
  readonly caption: string
  readonly head: JSX.Element
  readonly children: JSX.Element
  readonly class?: string
}) => (
  <div class="table-wrap">
    <table class={props.class} onKeyDown={onKeyDown}>
      <caption class="sr-only">{props.caption}</caption>
      <thead>{props.head}</thead>
      <tbody>{props.children}</tbody>
    </table>
  </div>
)
