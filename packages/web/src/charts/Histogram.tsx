import * as Plot from "@observablehq/plot"
import { createMemo } from "solid-js"
import { palette } from "./palette.js"
import { createChartWidth } from "./width.js"

export interface Bucket {
  readonly label: string
  readonly runs: number
}

/** Runs per score bucket, as bars with their counts written on them. */
export default function Histogram(props: { readonly buckets: ReadonlyArray<Bucket>; readonly xLabel: string }) {
  const [width, measure] = createChartWidth()
  const chart = createMemo(() =>
    Plot.plot({
      width: width(),
      height: 220,
      marginLeft: 44,
      x: { label: props.xLabel, domain: props.buckets.map((b) => b.label) },
      y: { label: "runs", grid: true },
      marks: [
        Plot.barY(props.buckets, { x: "label", y: "runs", fill: palette[0], tip: true }),
        Plot.text(props.buckets, { x: "label", y: "runs", text: (b: Bucket) => String(b.runs), dy: -7 }),
        Plot.ruleY([0])
      ]
    })
  )
  return <div ref={measure}>{chart()}</div>
}
