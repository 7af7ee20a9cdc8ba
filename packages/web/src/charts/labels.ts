/** Room for a chart's row labels (Plot's 10 px sans-serif, ~6 px a character), so a long one is not cut off. */
export const labelMargin = (labels: ReadonlyArray<string>) =>
  Math.min(320, Math.max(60, Math.ceil(Math.max(0, ...labels.map((label) => label.length)) * 6) + 14))

/** The plot area keeps its width whatever the labels take. */
export const plotArea = 370
