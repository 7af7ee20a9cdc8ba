import * as Plot from "@observablehq/plot"
import { createMemo } from "solid-js"
import { labelMargin, plotArea } from "./labels.js"
import { palette } from "./palette.js"

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
  const chart = createMemo(() => {
    const margin = labelMargin(props.rows.map((r) => r.label))
    return Plot.plot({
      width: plotArea + margin,
      height: Math.max(80, props.rows.length * 28 + 40),
      marginLeft: margin,
      marginRight: 70,
      x: { label: props.xLabel, grid: true, ...(props.max === undefined ? {} : { domain: [0, props.max] }) },
      y: { label: null, domain: props.rows.map((r) => r.label) },
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
  return <>{chart()}</>
}
