import * as Plot from "@observablehq/plot"
import { createMemo } from "solid-js"
import { rowLayout } from "./labels.js"
import { ink, palette } from "./palette.js"
import { createChartWidth } from "./width.js"

export interface IntervalRow {
  readonly label: string
  readonly value: number | null
  readonly lower: number | null
  readonly upper: number | null
}

/** One row per group: the estimate as a dot, its 95% interval as a line. Overlapping lines mean "not shown different". */
export default function IntervalDots(
  props: { readonly rows: ReadonlyArray<IntervalRow>; readonly xLabel: string; readonly max: number }
) {
  const [frame, measure] = createChartWidth()
  const chart = createMemo(() => {
    const rows = props.rows.filter((r) => r.value !== null)
    const layout = rowLayout(rows.map((r) => r.label), frame())
    return Plot.plot({
      width: layout.width,
      height: Math.max(80, rows.length * 28 + 40),
      marginLeft: layout.margin,
      x: { label: props.xLabel, domain: [0, props.max], grid: true },
      y: { label: null, domain: rows.map((r) => r.label), tickFormat: layout.label },
      marks: [
        Plot.ruleY(rows.filter((r) => r.lower !== null), {
          y: "label",
          x1: "lower",
          x2: "upper",
          stroke: palette[0],
          strokeWidth: 3,
          strokeOpacity: 0.45
        }),
        Plot.dot(rows, { y: "label", x: "value", fill: ink, r: 4, tip: true })
      ]
    })
  })
  return <div ref={measure}>{chart()}</div>
}
