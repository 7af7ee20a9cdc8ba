import type { Interval } from "../lib/format.js"
import { percent, percentInterval } from "../lib/format.js"
import { rateTone } from "../lib/tone.js"

/** A rate with its 95% interval drawn as a bar: the interval is part of the number, not a footnote. */
export const RateCell = (props: { readonly rate: number | null; readonly interval: Interval | null | undefined }) => (
  <span class="rate" title={props.interval ? `95% interval ${percentInterval(props.interval)}` : "no interval"}>
    <span class={`rate-text ${rateTone(props.rate)}`}>{percent(props.rate)}</span>
    <span class="rate-bar" aria-hidden="true">
      {props.interval
        ? (
          <span
            class="rate-ci"
            style={{
              left: `${props.interval.lower * 100}%`,
              width: `${Math.max((props.interval.upper - props.interval.lower) * 100, 1)}%`
            }}
          />
        )
        : null}
      {props.rate !== null ? <span class="rate-dot" style={{ left: `${props.rate * 100}%` }} /> : null}
    </span>
    <span class="rate-interval muted">{percentInterval(props.interval)}</span>
  </span>
)
