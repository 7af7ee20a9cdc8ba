/** Saves text as a file in the browser. */
export const download = (filename: string, type: string, text: string) => {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement("a")
  link.href = url
  link.download = filename
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1_000)
}

const csvField = (value: unknown) => {
  const text = value === null || value === undefined ? "" : String(value)
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, "\"\"")}"` : text
}

export const toCsv = <Row extends Record<string, unknown>>(
  rows: ReadonlyArray<Row>,
  columns: ReadonlyArray<keyof Row & string>
) => [columns.join(","), ...rows.map((row) => columns.map((c) => csvField(row[c])).join(","))].join("\n") + "\n"
