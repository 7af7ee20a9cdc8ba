import { createSignal, onCleanup } from "solid-js"

const narrowest = 320
const widest = 1_200

/**
 * The width to draw a chart at: its frame's, followed as it changes, within 320–1,200 px (560 until measured). Drawn
 * at its frame's width a chart fills its panel and keeps its text at full size, where a fixed-width SVG is scaled
 * down on a phone and leaves a wide panel half empty. `measure` goes on the element the chart is drawn in.
 */
export const createChartWidth = () => {
  const [width, setWidth] = createSignal(560)
  const measure = (element: HTMLElement) => {
    const observer = new ResizeObserver(([entry]) => {
      const laidOut = entry?.contentRect.width ?? 0
      if (laidOut > 0) setWidth(Math.min(Math.max(Math.round(laidOut), narrowest), widest))
    })
    observer.observe(element)
    onCleanup(() => observer.disconnect())
  }
  return [width, measure] as const
}
