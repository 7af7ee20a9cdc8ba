import { createSignal, onCleanup } from "solid-js"

/**
 * The width an element is laid out at, followed as it changes: a chart drawn at that width fills its panel and keeps
 * its text at full size, where a fixed-width SVG would be scaled down on a phone and leave a wide panel half empty.
 */
export const createWidth = (initial: number) => {
  const [width, setWidth] = createSignal(initial)
  const measure = (element: HTMLElement) => {
    const observer = new ResizeObserver(([entry]) => {
      if (entry !== undefined && entry.contentRect.width > 0) setWidth(Math.round(entry.contentRect.width))
    })
    observer.observe(element)
    onCleanup(() => observer.disconnect())
  }
  return [width, measure] as const
}
