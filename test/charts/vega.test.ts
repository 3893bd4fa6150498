import { describe, it, expect } from "vitest";
import { renderVegaLiteSvg } from "../../src/sim/charts/vega.js";

describe("renderVegaLiteSvg", () => {
  it("renders a line chart to standalone SVG with one path per series", async () => {
    const svg = await renderVegaLiteSvg({
      data: { values: [{ x: 1, y: 2, s: "a" }, { x: 2, y: 3, s: "a" }, { x: 1, y: 1, s: "b" }, { x: 2, y: 0, s: "b" }] },
      mark: "line",
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, color: { field: "s", type: "nominal" } },
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("</svg>");
    expect((svg.match(/role-mark|class="mark-line/g) ?? []).length).toBeGreaterThan(0);
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });
});
