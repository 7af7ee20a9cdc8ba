import * as Plot from "@observablehq/plot"
import { createMemo } from "solid-js"
import { palette } from "./palette.js"
import { createChartWidth } from "./width.js"

export interface ScatterPoint {
  readonly label: string
  readonly x: number
  readonly y: number
}

/** Score against cost per run, one labelled dot per agent × model. */
export default function Scatter(
  props: { readonly points: ReadonlyArray<ScatterPoint>; readonly xLabel: string; readonly yLabel: string }
) {
  const [width, measure] = createChartWidth()
  const chart = createMemo(() =>
    Plot.plot({
      width: width(),
      height: 280,
      marginLeft: 44,
      marginRight: 90,
      x: {
        label: props.xLabel,
        grid: true,
        nice: true,
        zero: true,
        tickFormat: (d: number) => `$${+d.toPrecision(3)}`
      },
      y: { label: props.yLabel, domain: [0, 10], grid: true },
      marks: [
        Plot.dot(props.points, { x: "x", y: "y", fill: palette[0], r: 5, tip: true, title: "label" }),
        Plot.text(props.points, { x: "x", y: "y", text: "label", dx: 8, textAnchor: "start" })
      ]
    })
  )
  return <div ref={measure}>{chart()}</div>
}
