import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { REPO } from "./cli/run-cli.js";

/** Every .ts file under a folder of src. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** The src layer ("core", "sim", "backend", "cli") each relative import of a file lands in. */
function importedLayers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const layers: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)) {
    const target = relative(join(REPO, "src"), resolve(dirname(file), m[1]));
    layers.push(target.split(/[\\/]/)[0]);
  }
  return layers;
}

const forbidden: Record<string, string[]> = {
  core: ["sim", "backend", "cli"],
  sim: ["backend", "cli"],
  backend: ["sim", "cli"],
};

describe("architecture", () => {
  it.each(Object.keys(forbidden))("src/%s imports nothing from the layers above or beside it", (layer) => {
    const files = sources(join(REPO, "src", layer));
    expect(files.length).toBeGreaterThan(0);
    const violations = files.flatMap((f) => importedLayers(f).filter((l) => forbidden[layer].includes(l)).map((l) => `${relative(REPO, f)} → ${l}`));
    expect(violations).toEqual([]);
  });
});
