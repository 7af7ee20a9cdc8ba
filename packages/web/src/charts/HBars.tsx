import * as Plot from "@observablehq/plot"
import { createMemo } from "solid-js"
import { rowLayout } from "./labels.js"
import { palette } from "./palette.js"
import { createChartWidth } from "./width.js"

export interface BarRow {
  readonly label: string
  readonly value: number
}

/** Horizontal bars with their values written at the end (pass rate per evaluator, cost per agent). */
export default function HBars(props: {
  readonly rows: ReadonlyArray<BarRow>
  readonly xLabel: string
  readonly format: (value: number) => string
  readonly max?: number
}) {
  const [frame, measure] = createChartWidth()
  const chart = createMemo(() => {
    const layout = rowLayout(props.rows.map((r) => r.label), frame())
    return Plot.plot({
      width: layout.width,
      height: Math.max(80, props.rows.length * 28 + 40),
      marginLeft: layout.margin,
      marginRight: 70,
      x: { label: props.xLabel, grid: true, ...(props.max === undefined ? {} : { domain: [0, props.max] }) },
      y: { label: null, domain: props.rows.map((r) => r.label), tickFormat: layout.label },
      marks: [
        Plot.barX(props.rows, { y: "label", x: "value", fill: palette[0], tip: true }),
        Plot.text(props.rows, {
          y: "label",
          x: "value",
          text: (r: BarRow) => props.format(r.value),
          dx: 6,
          textAnchor: "start"
        }),
        Plot.ruleX([0])
      ]
    })
  })
  return <div ref={measure}>{chart()}</div>
}
