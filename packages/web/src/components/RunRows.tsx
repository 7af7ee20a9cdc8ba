import { A } from "@solidjs/router"
import type { Run } from "@ze/domain"
import { For, Show } from "solid-js"
import { agentModel, ago, duration, score, usd } from "../lib/format.js"
import { scoreTone } from "../lib/tone.js"
import { StatusBadge } from "./Badge.js"
import { Table } from "./Table.js"

/** Runs as table rows; each links to its detail page, and the full run id is always shown (people copy it). */
export const RunTable = (
  props: { readonly runs: ReadonlyArray<Run>; readonly caption: string; readonly compact?: boolean }
) => (
  <Table
    caption={props.caption}
    head={
      <tr>
        <th scope="col">Run</th>
        <th scope="col">Scenario</th>
        <th scope="col">Tier</th>
        <th scope="col">Agent · model</th>
        <th scope="col">Status</th>
        <th scope="col" class="num">Score</th>
        <Show when={!props.compact}>
          <th scope="col" class="num">Duration</th>
          <th scope="col" class="num">Cost</th>
          <th scope="col">Batch</th>
        </Show>
        <th scope="col">Started</th>
      </tr>
    }
  >
    <For each={props.runs}>
      {(run) => (
        <tr>
          <td>
            <A class="mono" href={`/runs/${encodeURIComponent(run.runId)}`}>{run.runId}</A>
          </td>
          <td>{run.suite}/{run.scenario}</td>
          <td>{run.tier}</td>
          <td>{agentModel(run.agent, run.model, run.specialistName)}</td>
          <td>
            <StatusBadge status={run.status} {...(run.failureReason ? { title: run.failureReason } : {})} />
          </td>
          <td class={`num ${scoreTone(run.weightedScore)}`}>{score(run.weightedScore)}</td>
          <Show when={!props.compact}>
            <td class="num">{duration(run.durationMs)}</td>
            <td class="num">{usd(run.costUsd, run.costUsd === null ? 1 : 0)}</td>
            <td>
              <Show when={run.batchId} fallback="–">
                {(batchId) => <A class="mono" href={`/batches/${encodeURIComponent(batchId())}`}>{batchId()}</A>}
              </Show>
            </td>
          </Show>
          <td title={run.startedAt}>{ago(run.startedAt)}</td>
        </tr>
      )}
    </For>
  </Table>
)
