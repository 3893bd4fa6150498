/**
 * The fedrec command line: builds the program, registers one command per file, and maps failures to
 * exit codes (0 success, 1 runtime failure, 2 usage error) in one place. Errors go to stderr, one line.
 */
import { Command, CommanderError } from "commander";
import { makeBenchCommand } from "./commands/bench.js";
import { makeSimulateCommand } from "./commands/simulate.js";
import { makeExportModelCommand } from "./commands/export-model.js";
import { makeServeCommand } from "./commands/serve.js";
import { makeDatasetsCommand } from "./commands/datasets.js";
import { makeEvaluateCommand } from "./commands/evaluate.js";
import { makeExperimentCommand } from "./commands/experiment.js";
import { makeQualityCommand } from "./commands/quality.js";
import { makeTrainCommand } from "./commands/train.js";
import { makeGroupCommand } from "./commands/group.js";
import { makeSweepCommand } from "./commands/sweep.js";
import { makeReportCommand } from "./commands/report.js";
import { UsageError } from "./errors.js";

/** Folds any message onto one line (newlines and runs of white space become one space). */
export function oneLine(text: string): string {
  return text.trim().split(/\s*\n\s*/).filter((l) => l !== "").join(" ");
}

/**
 * Commander's own usage errors as ONE line: "fedrec: unknown option '--userz' (Did you mean --users?); see --help".
 * Help and version text (writeOut) are untouched.
 */
export function oneLineUsageError(text: string): string {
  return `fedrec: ${oneLine(text.replace(/^error: /, ""))}; see --help\n`;
}

const OUTPUT = {
  writeErr: (s: string) => process.stderr.write(s),
  outputError: (s: string, write: (t: string) => void) => write(oneLineUsageError(s)),
};

/** Builds the whole program (exported so tests can drive it with parseAsync). */
export function makeProgram(): Command {
  const program = new Command("fedrec")
    .description("Privacy-preserving conversation-group recommendation: federated collaborative filtering, simulation, grouping and metrics.")
    .version("0.1.0")
    .configureOutput(OUTPUT);
  program.addCommand(makeSimulateCommand());
  program.addCommand(makeExportModelCommand());
  program.addCommand(makeServeCommand());
  program.addCommand(makeDatasetsCommand());
  program.addCommand(makeTrainCommand());
  program.addCommand(makeEvaluateCommand());
  program.addCommand(makeExperimentCommand());
  program.addCommand(makeQualityCommand());
  program.addCommand(makeGroupCommand());
  program.addCommand(makeSweepCommand());
  program.addCommand(makeReportCommand());
  program.addCommand(makeBenchCommand());
  for (const c of program.commands) c.configureOutput(OUTPUT);
  return program;
}

/** Runs the program on process.argv and sets process.exitCode. */
export async function main(argv: string[]): Promise<void> {
  const program = makeProgram();
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

/** Prints the error (one line, no stack) when commander has not already, and returns its exit code. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return 0;
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`fedrec: ${oneLine(message)}\n`);
  return err instanceof UsageError ? 2 : 1;
}

