import { render } from "solid-js/web"
import { App } from "./App.js"
import { makeApi } from "./data/Api.js"
import "./styles.css"

render(() => <App api={makeApi(window.location.origin)} />, document.getElementById("root")!)
