import { bold, dim, stripAnsi, visibleLength } from "./Ansi.js"

export interface Column<Row> {
  readonly header: string
  readonly value: (row: Row) => string
  readonly align?: "left" | "right"
  /** Colours or weights the padded cell; the text itself stays what `value` returned. */
  readonly style?: (row: Row) => (text: string) => string
  /** This column gives up width first when the table is wider than the terminal. */
  readonly shrinkable?: boolean
}

const gap = "  "

const truncate = (text: string, width: number) =>
  visibleLength(text) <= width ? text : `${stripAnsi(text).slice(0, Math.max(0, width - 1))}…`

const pad = (text: string, width: number, align: "left" | "right") => {
  const fill = " ".repeat(Math.max(0, width - visibleLength(text)))
  return align === "right" ? fill + text : text + fill
}

const fitWidths = (
  natural: ReadonlyArray<number>,
  shrinkable: ReadonlyArray<boolean>,
  maxWidth: number | undefined
) => {
  if (maxWidth === undefined) return natural
  const widths = [...natural]
  let excess = widths.reduce((sum, width) => sum + width, 0) + gap.length * (widths.length - 1) - maxWidth
  for (let index = widths.length - 1; index >= 0 && excess > 0; index--) {
    if (!shrinkable[index]) continue
    const giveUp = Math.min(excess, Math.max(0, widths[index]! - 12))
    widths[index] = widths[index]! - giveUp
    excess -= giveUp
  }
  return widths
}

/** A plain-text table: aligned columns, a dim header rule, long cells cut to fit the terminal. */
export const renderTable = <Row>(
  columns: ReadonlyArray<Column<Row>>,
  rows: ReadonlyArray<Row>,
  maxWidth?: number
): ReadonlyArray<string> => {
  const cells = rows.map((row) => columns.map((column) => column.value(row)))
  const natural = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => visibleLength(line[index]!)))
  )
  const widths = fitWidths(natural, columns.map((column) => column.shrinkable === true), maxWidth)
  const last = columns.length - 1
  const padCell = (text: string, index: number, align: "left" | "right") =>
    index === last && align === "left" ? text : pad(text, widths[index]!, align)
  const header = columns.map((column, index) => bold(padCell(column.header, index, column.align ?? "left")))
  const rule = dim(widths.map((width) => "─".repeat(width)).join(gap))
  const body = rows.map((row, rowIndex) =>
    columns.map((column, index) => {
      const text = padCell(truncate(cells[rowIndex]![index]!, widths[index]!), index, column.align ?? "left")
      return column.style === undefined ? text : column.style(row)(text)
    }).join(gap)
  )
  return [header.join(gap), rule, ...body]
}

/** Label/value lines for one record. */
export const renderFields = (fields: ReadonlyArray<readonly [string, string]>): ReadonlyArray<string> => {
  const width = Math.max(...fields.map(([label]) => label.length))
  return fields.map(([label, value]) => `${dim(label.padEnd(width))}  ${value}`)
}

export const heading = (title: string) => ["", bold(title)]
