import { contractSuite } from "./contract/suite.js"
import { nodeTarget } from "./contract/targets.js"

contractSuite("Node server on loopback over a SQLite file", nodeTarget)
