import type { JSX } from "solid-js"

/** A headline number with what it means underneath. */
export const Stat = (props: { readonly label: string; readonly value: JSX.Element; readonly note?: JSX.Element }) => (
  <div class="stat">
    <div class="stat-label">{props.label}</div>
    <div class="stat-value">{props.value}</div>
    {props.note ? <div class="stat-note">{props.note}</div> : null}
  </div>
)

export const Stats = (props: { readonly children: JSX.Element }) => <div class="stats">{props.children}</div>

export const Section = (
  props: { readonly title: string; readonly children: JSX.Element; readonly aside?: JSX.Element }
) => (
  <section class="card">
    <header class="card-head">
      <h2>{props.title}</h2>
      {props.aside}
    </header>
    {props.children}
  </section>
)
