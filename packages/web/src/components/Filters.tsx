import { NoSpecialist } from "@ze/domain"
import type { JSX } from "solid-js"
import { For } from "solid-js"
import { specialistName } from "../lib/format.js"

export interface Choice {
  readonly value: string
  readonly label: string
}

/** A labelled select whose empty choice means "any". */
export const Select = (props: {
  readonly id: string
  readonly label: string
  readonly value: string | undefined
  readonly choices: ReadonlyArray<Choice>
  readonly onChange: (value: string | undefined) => void
  readonly any?: string
}) => (
  <label class="field" for={props.id}>
    <span>{props.label}</span>
    <select id={props.id} name={props.id} onChange={(e) => props.onChange(e.currentTarget.value || undefined)}>
      <option value="" selected={props.value === undefined}>{props.any ?? "any"}</option>
      <For each={props.choices}>
        {(choice) => <option value={choice.value} selected={choice.value === props.value}>{choice.label}</option>}
      </For>
    </select>
  </label>
)

export const DateInput = (props: {
  readonly id: string
  readonly label: string
  readonly value: string | undefined
  readonly onChange: (value: string | undefined) => void
}) => (
  <label class="field" for={props.id}>
    <span>{props.label}</span>
    <input
      id={props.id}
      name={props.id}
      type="date"
      value={props.value ?? ""}
      onChange={(e) => props.onChange(e.currentTarget.value || undefined)}
    />
  </label>
)

export const FilterBar = (props: { readonly children: JSX.Element; readonly label: string }) => (
  <form
    class="filters"
    role="search"
    aria-label={props.label}
    onSubmit={(e) => e.preventDefault()}
  >
    {props.children}
  </form>
)

export const choices = (values: ReadonlyArray<string>): ReadonlyArray<Choice> =>
  values.map((value) => ({ value, label: value }))

/**
 * A specialist filter's choices: `none` (the plain agents' runs) first, then each name once. A name that came with
 * the address stays selectable though no facet lists it, so the select shows the filter that is applied.
 */
export const specialistChoices = (names: ReadonlyArray<string | undefined>): ReadonlyArray<Choice> =>
  [...new Set([NoSpecialist, ...names])].flatMap((name) =>
    name === undefined ? [] : [{ value: name, label: specialistName(name === NoSpecialist ? null : name) }]
  )
