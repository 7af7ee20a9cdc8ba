import type { WarmupOutcome } from "@ze/domain"
import { warmupSpendOf } from "@ze/domain"
import { For } from "solid-js"
import { count, duration, usd } from "../lib/format.js"
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

/** The Cost stat's note when agent warmups spent something: the runs' cost does not include theirs. */
export const warmupCostNote = (warmups: Readonly<Record<string, WarmupOutcome>>, runsCostUsd: number | null) => {
  const spend = warmupSpendOf(warmups)
  if (spend.agentWarmups === 0) return undefined
  return `runs only; warmups ${usd(spend.costUsd, spend.unpriced)} (${count(spend.tokensIn)} in / ${
    count(spend.tokensOut)
  } out tokens), ${usd((runsCostUsd ?? 0) + spend.costUsd)} with them`
}

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
        <th scope="col" class="num">Tokens in / out</th>
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
            {warmup.agent === null ? "–" : `${count(warmup.agent.tokensIn)} / ${count(warmup.agent.tokensOut)}`}
          </td>
          <td class="num">
            {warmup.agent === null ? "–" : usd(warmup.agent.costUsd, warmup.agent.costUsd === null ? 1 : 0)}
          </td>
          <td>{detail(warmup)}</td>
        </tr>
      )}
    </For>
  </Table>
)
