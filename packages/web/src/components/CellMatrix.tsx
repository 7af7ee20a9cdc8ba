import type { CellSummary } from "@ze/domain"
import { createMemo, For, Show } from "solid-js"
import { agentModel, passAtK, percent, percentInterval, score } from "../lib/format.js"
import { rateTone } from "../lib/tone.js"
import { Badge } from "./Badge.js"
import { Table } from "./Table.js"
import "./CellMatrix.css"

const columnKey = (cell: CellSummary) => JSON.stringify([cell.agent, cell.model, cell.specialist ?? null])
const rowKey = (cell: CellSummary) => JSON.stringify([cell.suite, cell.scenario, cell.tier])

const describe = (cell: CellSummary) => {
  const s = cell.summary
  return [
    `${cell.suite}/${cell.scenario} ${cell.tier} · ${agentModel(cell.agent, cell.model, cell.specialist)}`,
    `${s.passes}/${s.attributableRuns} passed (${percent(s.passRate)}${
      s.passRateInterval ? `, 95% CI ${percentInterval(s.passRateInterval)}` : ""
    })`,
    `mean score ${score(s.meanScore)}`,
    s.passAtK.length > 0 ? `pass${passAtK(s.passAtK)}` : "",
    s.flipRate !== null ? `flip rate ${percent(s.flipRate)}${s.flaky ? " (flaky: its repeats disagree)" : ""}` : "",
    s.runs > s.attributableRuns ? `${s.runs - s.attributableRuns} runs not the agent's (infra, cancelled, budget)` : ""
  ].filter((line) => line !== "").join("\n")
}

/** Scenario × tier down, agent × model across; each cell coloured by its pass rate over its repeats. */
export const CellMatrix = (props: { readonly cells: ReadonlyArray<CellSummary> }) => {
  const columns = createMemo(() => [...new Map(props.cells.map((c) => [columnKey(c), c])).values()])
  const rows = createMemo(() => [...new Map(props.cells.map((c) => [rowKey(c), c])).values()])
  const byKey = createMemo(() => new Map(props.cells.map((c) => [`${rowKey(c)}|${columnKey(c)}`, c])))
  return (
    <Table
      class="matrix"
      caption="Cells of the batch: pass rate over repeats"
      head={
        <tr>
          <th scope="col">Scenario</th>
          <th scope="col">Tier</th>
          <For each={columns()}>{(c) => <th scope="col">{agentModel(c.agent, c.model, c.specialist)}</th>}</For>
        </tr>
      }
    >
      <For each={rows()}>
        {(row) => (
          <tr>
            <th scope="row">{row.suite}/{row.scenario}</th>
            <td>{row.tier}</td>
            <For each={columns()}>
              {(column) => (
                <Show
                  when={byKey().get(`${rowKey(row)}|${columnKey(column)}`)}
                  fallback={<td class="cell muted">not run</td>}
                >
                  {(cell) => (
                    <td
                      class={`cell ${rateTone(cell().summary.passRate)}`}
                      title={describe(cell())}
                      tabindex="0"
                      aria-label={describe(cell())}
                    >
                      <strong>{cell().summary.passes}/{cell().summary.attributableRuns}</strong>
                      <span>{score(cell().summary.meanScore, 1)}</span>
                      <Show when={cell().summary.passAtK.find((p) => p.k > 1)}>
                        {(p) => <small>pass@{p().k} {percent(p().value)}</small>}
                      </Show>
                      <Show when={cell().summary.flaky}>
                        <Badge tone="warn" title="Its repeats disagree: the outcome flips under the same agent">
                          flaky
                        </Badge>
                      </Show>
                    </td>
                  )}
                </Show>
              )}
            </For>
          </tr>
        )}
      </For>
    </Table>
  )
}
