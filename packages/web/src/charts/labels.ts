/** Room for all of a chart's row labels (Plot's 10 px sans-serif, ~6 px a character), at most 320 px. */
export const labelMargin = (labels: ReadonlyArray<string>) =>
  Math.min(320, Math.max(60, Math.ceil(Math.max(0, ...labels.map((label) => label.length)) * 6) + 14))

/** The plot area keeps its width whatever the labels take, where the frame has room for both. */
export const plotArea = 370

/**
 * A row chart's width and label room in a frame `frame` px wide: as wide as its labels and plot area need, narrower
 * where the frame is (so its text is never scaled down), the labels then taking at most 40% and ending in "…" when
 * cut (the tip still names the row in full).
 */
export const rowLayout = (labels: ReadonlyArray<string>, frame: number) => {
  const wanted = labelMargin(labels)
  const width = Math.min(frame, plotArea + wanted)
  const margin = Math.min(wanted, Math.max(60, Math.floor(width * 0.4)))
  const fits = Math.max(4, Math.floor((margin - 14) / 6))
  const label = (text: string) => (text.length <= fits ? text : `${text.slice(0, fits - 1)}…`)
  return { width, margin, label }
}
