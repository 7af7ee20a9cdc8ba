import * as Plot from "@observablehq/plot"
import { createMemo } from "solid-js"
import { palette } from "./palette.js"
import { createChartWidth } from "./width.js"

export interface TrendDay {
  readonly day: string
  readonly runs: number
  readonly passRate: number
  readonly passRateInterval: { readonly lower: number; readonly upper: number } | null
}

/** Pass rate per day with its 95% interval as a band: a day with few runs shows a wide band, not a spike. */
export default function Trend(props: { readonly days: ReadonlyArray<TrendDay> }) {
  const [width, measure] = createChartWidth()
  const chart = createMemo(() => {
    const points = props.days.map((d) => ({
      date: new Date(`${d.day}T00:00:00Z`),
      rate: d.passRate * 100,
      lower: (d.passRateInterval?.lower ?? d.passRate) * 100,
      upper: (d.passRateInterval?.upper ?? d.passRate) * 100,
      runs: d.runs
    }))
    return Plot.plot({
      width: width(),
      height: 220,
      marginLeft: 44,
      y: { label: "pass rate (%)", domain: [0, 100], grid: true },
      x: { label: null, type: "utc" },
      marks: [
        Plot.areaY(points, { x: "date", y1: "lower", y2: "upper", fill: palette[0], fillOpacity: 0.15 }),
        Plot.ruleX(points, {
          x: "date",
          y1: "lower",
          y2: "upper",
          stroke: palette[0],
          strokeOpacity: 0.35,
          strokeWidth: 3
        }),
        Plot.lineY(points, { x: "date", y: "rate", stroke: palette[0] }),
        Plot.dot(points, {
          x: "date",
          y: "rate",
          r: 3,
          fill: palette[0],
          tip: true,
          title: (p: { runs: number; rate: number }) => `${p.rate.toFixed(0)}% of ${p.runs} runs`
        })
      ]
    })
  })
  return <div ref={measure}>{chart()}</div>
}
