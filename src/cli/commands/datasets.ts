/** `fedrec datasets`: the formats fedrec reads and where a user downloads each public data set. */
import { Command, Option } from "commander";
import { FORMAT_SHAPES } from "../../core/data/formats.js";
import { DATA_CATALOG } from "../../sim/data/catalog.js";
import { makePalette } from "../render.js";

/** Builds the `datasets` command. */
export function makeDatasetsCommand(): Command {
  return new Command("datasets")
    .description("List the data formats (--format) and where to download each public data set (fedrec ships none of them).")
    .addOption(new Option("--json", "print one JSON object on stdout").default(false))
    .action((o: { json: boolean }) => {
      if (o.json) {
        process.stdout.write(JSON.stringify({ formats: FORMAT_SHAPES, datasets: DATA_CATALOG }) + "\n");
        return;
      }
      const c = makePalette();
      const lines = [c.bold("formats (--format)")];
      for (const [name, shape] of Object.entries(FORMAT_SHAPES)) lines.push(`  ${name.padEnd(14)} ${shape}`);
      lines.push("", c.bold("public data sets (download them yourself; the experiments expect ../shared/datasets/<file>)"));
      for (const d of DATA_CATALOG) {
        lines.push(`  ${c.cyan(d.name)}  --format ${d.format}  (${d.file})`, `    ${d.url}`, `    licence: ${d.licence}`, `    ${d.note}`);
      }
      process.stderr.write(lines.join("\n") + "\n");
    });
}
