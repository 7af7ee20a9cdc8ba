import type { WarmupOutcome } from "@ze/domain"
import { For } from "solid-js"
import { duration, usd } from "../lib/format.js"
import type { Tone } from "../lib/tone.js"
import { Badge } from "./Badge.js"
import { Table } from "./Table.js"

const tones: Readonly<Record<WarmupOutcome["status"], Tone>> = { succeeded: "good", failed: "bad", skipped: "warn" }

const listed = (names: ReadonlyArray<string>) => (names.length === 0 ? "(empty)" : names.join(", "))

const detail = (warmup: WarmupOutcome) =>
  warmup.status !== "succeeded"
    ? warmup.reason ?? ""
    : warmup.control === null
    ? `prepared: ${listed(warmup.files)}`
    : `control/: ${listed(warmup.control)}`

/** The warmups a batch ran once per scenario before its runs: what its runs started from, or why they could not. */
export const WarmupTable = (props: { readonly warmups: ReadonlyArray<WarmupOutcome> }) => (
  <Table
    caption="Warmups"
    head={
      <tr>
        <th scope="col">Scenario</th>
        <th scope="col">Type</th>
        <th scope="col">Status</th>
        <th scope="col" class="num">Time</th>
        <th scope="col" class="num">Cost</th>
        <th scope="col">Detail</th>
      </tr>
    }
  >
    <For each={props.warmups}>
      {(warmup) => (
        <tr>
          <td>{warmup.scenario}</td>
          <td>{warmup.type ?? "–"}</td>
          <td>
            <Badge tone={tones[warmup.status]}>{warmup.status}</Badge>
          </td>
          <td class="num">{duration(warmup.durationMs)}</td>
          <td class="num">
            {warmup.agent === null ? "–" : usd(warmup.agent.costUsd, warmup.agent.costUsd === null ? 1 : 0)}
          </td>
          <td>{detail(warmup)}</td>
        </tr>
      )}
    </For>
  </Table>
)
