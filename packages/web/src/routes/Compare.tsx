import { A, useSearchParams } from "@solidjs/router"
import type { CellKey } from "@ze/domain"
import { sameSide, sideFiltersOf, sideParams } from "@ze/domain"
import { For, Show } from "solid-js"
import { choices, FilterBar, Select, specialistChoices } from "../components/Filters.js"
import { PageHead } from "../components/Layout.js"
import { Empty, Loadable } from "../components/Loadable.js"
import { Section } from "../components/Stat.js"
import { Table } from "../components/Table.js"
import { Verdict } from "../components/Verdict.js"
import { useQuery } from "../data/Query.js"
import { agentModel, percent, score } from "../lib/format.js"
import { keyOf, one, specialistVsPlain } from "../lib/params.js"

const cellName = (cell: CellKey) =>
  `${cell.suite}/${cell.scenario} ${cell.tier}${
    cell.agent === undefined
      ? cell.specialist === undefined ? "" : ` · +${cell.specialist}`
      : ` · ${agentModel(cell.agent, cell.model, cell.specialist)}`
  }`

const sideNames = ["base", "head"] as const
const sideLabels = { base: "Base", head: "Head" } as const

const CellList = (props: { readonly title: string; readonly cells: ReadonlyArray<CellKey> }) => (
  <Show when={props.cells.length > 0}>
    <h3>{props.title} ({props.cells.length})</h3>
    <ul class="findings">
      <For each={props.cells}>{(cell) => <li>{cellName(cell)}</li>}</For>
    </ul>
  </Show>
)

export default function Compare() {
  const [search, setSearch] = useSearchParams()
  const base = () => one(search, "base")
  const head = () => one(search, "head")
  const mode = () => (one(search, "mode") === "sequential" ? "sequential" as const : "fixed" as const)
  /** Each side: a batch, narrowed to one specialist's runs (or `none`, the plain agents') when one is chosen. */
  const sides = () => {
    const [b, h] = [base(), head()]
    if (b === undefined || h === undefined) return undefined
    return {
      base: { batchId: b, filters: sideFiltersOf({ specialist: one(search, "baseSpecialist") }) },
      head: { batchId: h, filters: sideFiltersOf({ specialist: one(search, "headSpecialist") }) }
    }
  }
  const distinct = () => {
    const s = sides()
    return s !== undefined && !sameSide(s.base, s.head) ? s : undefined
  }
  const batches = useQuery(() => "compare:batches", (client) => client.batches.list({ urlParams: { limit: 100 } }))
  // The base batch's specialists: the choices of both sides, and the "does it help?" shortcuts.
  const specialists = useQuery(
    () => (base() ? `compare:specialists:${base()}` : null),
    (client) => client.stats.specialists({ urlParams: { batchId: base()! } })
  )
  const comparison = useQuery(
    () => {
      const s = distinct()
      return s === undefined ? null : keyOf("compare", { ...sideParams(s), mode: mode() })
    },
    (client) => client.compare.batches({ urlParams: { ...sideParams(distinct()!), mode: mode() } })
  )
  const batchChoices = () => choices((batches.data() ?? []).map((b) => b.batchId))
  const named = () => (specialists.data() ?? []).flatMap((g) => (g.specialist ? [g.specialist] : []))
  // A specialist named in the address stays selectable though the base batch lacks it (a head batch's, say).
  const sideSpecialists = () =>
    specialistChoices([...named(), one(search, "baseSpecialist"), one(search, "headSpecialist")])
  return (
    <>
      <PageHead
        title="Compare batches"
        subtitle="Is the head side really better than the base? Each side is a batch, or its runs of one specialist (or none); cells are paired by suite, scenario and tier."
      />
      <FilterBar label="Choose batches">
        <For each={sideNames}>
          {(side) => (
            <>
              <Select
                id={side}
                label={sideLabels[side]}
                any="choose a batch"
                value={one(search, side)}
                choices={batchChoices()}
                onChange={(v) => setSearch({ [side]: v })}
              />
              <Select
                id={`${side}Specialist`}
                label={`${sideLabels[side]} specialist`}
                any="any"
                value={one(search, `${side}Specialist`)}
                choices={sideSpecialists()}
                onChange={(v) => setSearch({ [`${side}Specialist`]: v })}
              />
            </>
          )}
        </For>
        <Select
          id="mode"
          label="Test"
          any="fixed"
          value={mode() === "sequential" ? "sequential" : undefined}
          choices={choices(["sequential"])}
          onChange={(v) => setSearch({ mode: v })}
        />
        <Show when={base() && head()}>
          <button
            type="button"
            class="link"
            onClick={() =>
              setSearch({
                base: head(),
                head: base(),
                baseSpecialist: one(search, "headSpecialist"),
                headSpecialist: one(search, "baseSpecialist")
              })}
          >
            Swap
          </button>
        </Show>
      </FilterBar>
      <Show when={base() && named().length > 0}>
        <p class="helps" data-testid="helps">
          Does a specialist help? Within {base()}:{" "}
          <For each={named()}>
            {(name, i) => (
              <>
                {i() > 0 ? " · " : ""}
                <A href={specialistVsPlain(base()!, name, mode())}>{name} vs no specialist</A>
              </>
            )}
          </For>
        </p>
      </Show>
      <Show when={sides()} fallback={<Empty>Choose a base and a head batch to compare.</Empty>}>
        <Show
          when={distinct()}
          fallback={
            <Empty>
              Both sides are the same runs: choose another head batch, or a specialist (or none) for one side.
            </Empty>
          }
        >
          <Loadable state={comparison.state()} label="the comparison" onRetry={comparison.refetch}>
            {(data) => (
              <>
                <p class="sides" data-testid="sides">
                  <span>
                    Base: <strong>{data().baseSide.label}</strong>
                  </span>
                  <span aria-hidden="true">→</span>
                  <span>
                    Head: <strong>{data().headSide.label}</strong>
                  </span>
                </p>
                <Verdict comparison={data()} />
                <Section title="Cells">
                  <Table
                    caption="Paired cells"
                    head={
                      <tr>
                        <th scope="col">Cell</th>
                        <th scope="col" class="num">Base pass</th>
                        <th scope="col" class="num">Head pass</th>
                        <th scope="col" class="num">Base score</th>
                        <th scope="col" class="num">Head score</th>
                        <th scope="col" class="num">Δ score</th>
                        <th scope="col">Flip</th>
                      </tr>
                    }
                  >
                    <For each={data().cells}>
                      {(cell) => {
                        const flip =
                          cell.basePassed === cell.headPassed || cell.basePassed === null || cell.headPassed === null
                            ? null
                            : cell.headPassed
                            ? "to pass"
                            : "to fail"
                        return (
                          <tr>
                            <td>{cellName(cell)}</td>
                            <td class="num">
                              {percent(cell.base.passRate)}{" "}
                              <span class="muted">({cell.base.passes}/{cell.base.attributableRuns})</span>
                            </td>
                            <td class="num">
                              {percent(cell.head.passRate)}{" "}
                              <span class="muted">({cell.head.passes}/{cell.head.attributableRuns})</span>
                            </td>
                            <td class="num">{score(cell.base.meanScore)}</td>
                            <td class="num">{score(cell.head.meanScore)}</td>
                            <td
                              class={`num ${
                                (cell.scoreDifference ?? 0) > 0 ? "good" : (cell.scoreDifference ?? 0) < 0 ? "bad" : ""
                              }`}
                            >
                              {cell.scoreDifference === null
                                ? "–"
                                : `${cell.scoreDifference > 0 ? "+" : ""}${cell.scoreDifference.toFixed(2)}`}
                            </td>
                            <td>
                              {flip === null
                                ? ""
                                : <span class={`badge ${flip === "to pass" ? "good" : "bad"}`}>{flip}</span>}
                            </td>
                          </tr>
                        )
                      }}
                    </For>
                  </Table>
                  <CellList title="Only in base" cells={data().onlyInBase} />
                  <CellList title="Only in head" cells={data().onlyInHead} />
                </Section>
                <p>
                  <A href={`/batches/${encodeURIComponent(data().baseBatchId)}`}>Base batch</A> ·{" "}
                  <A href={`/batches/${encodeURIComponent(data().headBatchId)}`}>Head batch</A>
                </p>
              </>
            )}
          </Loadable>
        </Show>
      </Show>
    </>
  )
}
