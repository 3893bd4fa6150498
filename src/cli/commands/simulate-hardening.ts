/**
 * The hardening options of `fedrec simulate`: checkpoints (--checkpoint-every, --checkpoint-dir, --resume),
 * poisoning (--malicious-fraction, --attack-kind, --attack-boost) and robust aggregation (--robust-agg,
 * --norm-bound, --trim). Single-flag parsers here; cross-field rules in `hardeningErrors`, which returns
 * every failing field so simulate can report them on one line.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import type { AttackKind } from "../../core/federation/poisoning.js";
import type { RobustAgg } from "../../core/federation/robust.js";
import type { PoisoningOptions } from "../../sim/deployments/options.js";
import { intAtLeast, oneOf, positive, probability } from "../parse.js";

/** Raw values of the hardening options. */
export interface HardeningOptions {
  checkpointEvery?: number;
  checkpointDir?: string;
  resume?: string;
  maliciousFraction: number;
  attackKind?: AttackKind;
  attackBoost: number;
  robustAgg: RobustAgg["kind"];
  normBound?: number;
  trim: number;
}

/** Parses scale | sign-flip | promote:<id>. */
export function attackKind(raw: string): AttackKind {
  if (raw === "scale" || raw === "sign-flip") return { kind: raw };
  const m = /^promote:(\d+)$/.exec(raw.trim());
  if (m !== null && Number.isSafeInteger(Number(m[1]))) return { kind: "promote", target: Number(m[1]) };
  throw new InvalidArgumentError(`expected scale, sign-flip or promote:<user id>, got "${raw}"`);
}

/** A trim fraction in [0, 0.5). */
function trimFraction(raw: string): number {
  const v = probability(raw);
  if (v >= 0.5) throw new InvalidArgumentError(`expected a number in [0, 0.5), got ${v}`);
  return v;
}

/** Adds the hardening options to the simulate command. */
export function addHardeningOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--checkpoint-every <n>", "write the whole simulation state to --checkpoint-dir after every n-th round (atomically)").argParser(intAtLeast(1)))
    .addOption(new Option("--checkpoint-dir <dir>", "where --checkpoint-every writes checkpoint.v8"))
    .addOption(new Option("--resume <dir>", "continue the run checkpointed in <dir> (give the same options as the interrupted run); the result equals an uninterrupted run"))
    .addOption(new Option("--malicious-fraction <p>", "poisoning: share of clients that are malicious (federated; drawn once per run, seeded); 0 with --attack-kind promote:<id> measures the target's exposure without an attack").argParser(probability).default(0))
    .addOption(new Option("--attack-kind <kind>", "poisoning attack of the malicious clients: scale (b·G), sign-flip (−b·G), promote:<id> (push user <id> into everyone's list)").argParser(attackKind))
    .addOption(new Option("--attack-boost <b>", "poisoning: boost factor b of the malicious uploads").argParser(positive).default(10))
    .addOption(new Option("--robust-agg <rule>", "master's aggregation of plain uploads: none (sum), norm-bound (clip each upload to --norm-bound, default the round's median norm), median (coordinate-wise), trimmed-mean (--trim)").argParser(oneOf(["none", "norm-bound", "median", "trimmed-mean"] as const)).default("none"))
    .addOption(new Option("--norm-bound <C>", "norm-bound: L2 bound of each upload (default: the round's median upload norm)").argParser(positive))
    .addOption(new Option("--trim <beta>", "trimmed-mean: share β in [0, 0.5) dropped at each end, per coordinate").argParser(trimFraction).default(0.1));
}

/** Cross-field rules of the hardening options: every violation, each naming its option. */
export function hardeningErrors(o: HardeningOptions, users: number, deployment: string, secureAgg: boolean): string[] {
  const errors: string[] = [];
  if (o.checkpointEvery !== undefined && o.checkpointDir === undefined) errors.push("option '--checkpoint-every <n>': needs --checkpoint-dir <dir>");
  if (o.checkpointDir !== undefined && o.checkpointEvery === undefined) errors.push("option '--checkpoint-dir <dir>': needs --checkpoint-every <n>");
  if (o.maliciousFraction > 0 && o.attackKind === undefined) errors.push("option '--malicious-fraction <p>': needs --attack-kind");
  if (o.attackKind?.kind === "promote" && o.attackKind.target >= users) errors.push(`option '--attack-kind <kind>': promote:${o.attackKind.target} is not a user id in 0..${users - 1}`);
  const poisoningOn = o.maliciousFraction > 0 || o.attackKind !== undefined || o.robustAgg !== "none";
  if (poisoningOn && deployment !== "federated") errors.push(`option '--malicious-fraction/--robust-agg': only the federated deployment has per-client uploads (got --deployment ${deployment})`);
  if (o.robustAgg !== "none" && secureAgg) errors.push("option '--robust-agg <rule>': the master sees only the masked sum under --secure-agg; robust rules need the plain uploads");
  if (o.normBound !== undefined && o.robustAgg !== "norm-bound") errors.push("option '--norm-bound <C>': applies to --robust-agg norm-bound");
  return errors;
}

/** The typed poisoning and robust-aggregation options (after hardeningErrors found none). */
export function hardeningFederation(o: HardeningOptions): { poisoning: PoisoningOptions | null; robustAgg: RobustAgg } {
  const robustAgg: RobustAgg =
    o.robustAgg === "norm-bound" ? { kind: "norm-bound", bound: o.normBound ?? null } : o.robustAgg === "trimmed-mean" ? { kind: "trimmed-mean", trim: o.trim } : { kind: o.robustAgg };
  // --attack-kind with --malicious-fraction 0: nothing is poisoned, the target's exposure is still measured (the reference)
  return { poisoning: o.attackKind !== undefined ? { fraction: o.maliciousFraction, attack: o.attackKind, boost: o.attackBoost } : null, robustAgg };
}
