import { A } from "@solidjs/router"
import type { Batch } from "@ze/domain"
import { For } from "solid-js"
import { ago, count, duration, percent, score, usd } from "../lib/format.js"
import { rateTone } from "../lib/tone.js"
import { Badge } from "./Badge.js"
import { Table } from "./Table.js"

export const BatchTable = (props: { readonly batches: ReadonlyArray<Batch>; readonly caption: string }) => (
  <Table
    caption={props.caption}
    head={
      <tr>
        <th scope="col">Batch</th>
        <th scope="col">Status</th>
        <th scope="col" class="num">Runs</th>
        <th scope="col" class="num">Passed</th>
        <th scope="col" class="num">Avg score</th>
        <th scope="col" class="num">Duration</th>
        <th scope="col" class="num">Cost</th>
        <th scope="col">Created</th>
      </tr>
    }
  >
    <For each={props.batches}>
      {(batch) => (
        <tr>
          <td>
            <A class="mono" href={`/batches/${encodeURIComponent(batch.batchId)}`}>{batch.batchId}</A>
          </td>
          <td>
            <Badge tone={batch.status === "running" ? "info" : "good"}>{batch.status}</Badge>
          </td>
          <td class="num">{count(batch.totalRuns)}</td>
          <td class={`num ${rateTone(batch.successRate)}`}>
            {count(batch.successfulRuns)} ({percent(batch.successRate)})
          </td>
          <td class="num">{score(batch.avgWeightedScore)}</td>
          <td class="num">{duration(batch.durationMs)}</td>
          <td class="num">{usd(batch.totalCostUsd, batch.unpricedRuns)}</td>
          <td title={new Date(batch.createdAt).toISOString()}>{ago(batch.createdAt)}</td>
        </tr>
      )}
    </For>
  </Table>
)
