import { A, useSearchParams } from "@solidjs/router"
import type { CellKey } from "@ze/domain"
import { For, Show } from "solid-js"
import { choices, FilterBar, Select } from "../components/Filters.js"
import { PageHead } from "../components/Layout.js"
import { Empty, Loadable } from "../components/Loadable.js"
import { Section } from "../components/Stat.js"
import { Table } from "../components/Table.js"
import { Verdict } from "../components/Verdict.js"
import { useQuery } from "../data/Query.js"
import { agentModel, percent, score } from "../lib/format.js"
import { one } from "../lib/params.js"

const cellName = (cell: CellKey) =>
  `${cell.suite}/${cell.scenario} ${cell.tier}${
    cell.agent === undefined ? "" : ` · ${agentModel(cell.agent, cell.model)}`
  }`

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
  const batches = useQuery(() => "compare:batches", (client) => client.batches.list({ urlParams: { limit: 100 } }))
  const comparison = useQuery(
    () => (base() && head() ? `compare:${base()}:${head()}:${mode()}` : null),
    (client) => client.compare.batches({ urlParams: { base: base()!, head: head()!, mode: mode() } })
  )
  const batchChoices = () => choices((batches.data() ?? []).map((b) => b.batchId))
  return (
    <>
      <PageHead
        title="Compare batches"
        subtitle="Is the head batch really better than the base? Cells are paired by suite, scenario and tier."
      />
      <FilterBar label="Choose batches">
        <Select
          id="base"
          label="Base"
          any="choose a batch"
          value={base()}
          choices={batchChoices()}
          onChange={(v) => setSearch({ base: v })}
        />
        <Select
          id="head"
          label="Head"
          any="choose a batch"
          value={head()}
          choices={batchChoices()}
          onChange={(v) => setSearch({ head: v })}
        />
        <Select
          id="mode"
          label="Test"
          any="fixed"
          value={mode() === "sequential" ? "sequential" : undefined}
          choices={choices(["sequential"])}
          onChange={(v) => setSearch({ mode: v })}
        />
        <Show when={base() && head()}>
          <button type="button" class="link" onClick={() => setSearch({ base: head(), head: base() })}>Swap</button>
        </Show>
      </FilterBar>
      <Show when={base() && head()} fallback={<Empty>Choose a base and a head batch to compare.</Empty>}>
        <Loadable state={comparison.state()} label="the comparison" onRetry={comparison.refetch}>
          {(data) => (
            <>
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
    </>
  )
}
