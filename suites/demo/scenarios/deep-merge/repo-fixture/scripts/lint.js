"use strict"
const { readdirSync, readFileSync } = require("node:fs")
const { join } = require("node:path")

const rules = [
  [/\bvar\s/, "use const or let instead of var"],
  [/console\.log\(/, "no console.log in lib/"],
  [/[^=!]==[^=]/, "use === instead of =="]
]
let problems = 0
for (const name of readdirSync("lib")) {
  const lines = readFileSync(join("lib", name), "utf8").split("\n")
  lines.forEach((line, i) => {
    for (const [pattern, message] of rules) {
      if (pattern.test(line.replace(/"[^"]*"|'[^']*'/g, '""'))) {
        console.error(`lib/${name}:${i + 1}: ${message}`)
        problems++
      }
    }
  })
}
process.exit(problems === 0 ? 0 : 1)
