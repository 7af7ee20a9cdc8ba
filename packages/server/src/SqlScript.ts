/**
 * Splits a SQL script into statements. better-sqlite3 prepares one statement at a time, so the migration files
 * that wrangler applies to D1 in one go are fed to SQLite statement by statement. Understands comments, quoted
 * text and `CREATE TRIGGER … BEGIN … END;` bodies.
 */
export const splitSqlStatements = (script: string): Array<string> => {
  const statements: Array<string> = []
  let current = ""
  let i = 0
  const flush = () => {
    const statement = current.trim()
    if (statement.length > 0) statements.push(statement)
    current = ""
  }
  while (i < script.length) {
    const char = script[i]!
    const next = script[i + 1]
    if (char === "-" && next === "-") {
      const end = script.indexOf("\n", i)
      i = end === -1 ? script.length : end + 1
      current += " "
      continue
    }
    if (char === "/" && next === "*") {
      const end = script.indexOf("*/", i + 2)
      i = end === -1 ? script.length : end + 2
      current += " "
      continue
    }
    if (char === "'" || char === "\"" || char === "`") {
      let end = i + 1
      while (end < script.length && !(script[end] === char && script[end + 1] !== char)) {
        end += script[end] === char ? 2 : 1
      }
      current += script.slice(i, end + 1)
      i = end + 1
      continue
    }
    if (char === ";") {
      const isTrigger = /^\s*CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(current)
      if (!isTrigger || /\bEND\s*$/i.test(current)) {
        flush()
        i++
        continue
      }
    }
    current += char
    i++
  }
  flush()
  return statements
}
