import * as Plot from "@observablehq/plot"
import { createMemo } from "solid-js"
import { palette } from "./palette.js"
import { createChartWidth } from "./width.js"

export interface LinePoint {
  readonly series: string
  readonly x: string
  readonly y: number
}

/** One line per series over an ordered category axis (the tier curve). */
export default function Lines(props: {
  readonly points: ReadonlyArray<LinePoint>
  readonly xDomain: ReadonlyArray<string>
  readonly xLabel: string
  readonly yLabel: string
  readonly yMax: number
}) {
  const [width, measure] = createChartWidth()
  const chart = createMemo(() =>
    Plot.plot({
      width: width(),
      height: 260,
      marginLeft: 44,
      color: { legend: true, range: palette },
      x: { label: props.xLabel, domain: [...props.xDomain], type: "point", padding: 0.3 },
      y: { label: props.yLabel, domain: [0, props.yMax], grid: true },
      marks: [
        Plot.lineY(props.points, { x: "x", y: "y", stroke: "series" }),
        Plot.dot(props.points, { x: "x", y: "y", fill: "series", r: 3.5, tip: true })
      ]
    })
  )
  return <div ref={measure}>{chart()}</div>
}
