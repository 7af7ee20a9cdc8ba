import type { GroupStats } from "@ze/domain"
import type { JSX } from "solid-js"
import { For, Show } from "solid-js"
import { count, passAtK, score, scoreInterval, usd } from "../lib/format.js"
import { RateCell } from "./RateCell.js"
import { Table } from "./Table.js"

/** A leaderboard of groups (agent × model, tier, scenario): pass rate and score, each with its 95% interval. */
export const GroupTable = (props: {
  readonly groups: ReadonlyArray<GroupStats>
  readonly caption: string
  readonly label: string
  readonly name: (group: GroupStats) => JSX.Element
  readonly showCost?: boolean
  readonly showFlips?: boolean
}) => (
  <Table
    caption={props.caption}
    head={
      <tr>
        <th scope="col">{props.label}</th>
        <th scope="col" class="num">Runs</th>
        <th scope="col">Pass rate (95% CI)</th>
        <th scope="col" class="num">Score</th>
        <th scope="col" class="num">95% CI</th>
        <th scope="col">pass@k</th>
        <Show when={props.showFlips}>
          <th scope="col" class="num">Flip rate</th>
        </Show>
        <Show when={props.showCost}>
          <th scope="col" class="num">Cost</th>
        </Show>
      </tr>
    }
  >
    <For each={props.groups}>
      {(group) => (
        <tr>
          <td>{props.name(group)}</td>
          <td class="num">{count(group.runs)}</td>
          <td>
            <RateCell rate={group.successRate} interval={group.successRateInterval} />
          </td>
          <td class="num">{score(group.avgScore)}</td>
          <td class="num muted">{scoreInterval(group.scoreInterval)}</td>
          <td class="muted">{passAtK(group.passAtK)}</td>
          <Show when={props.showFlips}>
            <td class="num" title="cells whose repeats under the same agent both pass and fail">
              {group.flipRate === null ? "–" : `${(group.flipRate * 100).toFixed(0)}% (${group.flakyCells} flaky)`}
            </td>
          </Show>
          <Show when={props.showCost}>
            <td class="num">{usd(group.totalCostUsd, group.unpricedRuns)}</td>
          </Show>
        </tr>
      )}
    </For>
  </Table>
)
