/**
 * Versioned experiment configurations (experiments/<name>.json), validated with zod so a typo fails with
 * the field's path instead of a silent default.
 */
import { z } from "zod";
import { parseLrSchedule } from "../../core/fcf/lr-schedule.js";

const hyper = z.object({
  factors: z.number().int().positive(),
  alpha: z.number().nonnegative(),
  lambda: z.number().positive(),
  lr: z.number().positive(),
}).strict();

const model = z.object({
  label: z.string().min(1),
  algorithm: z.enum(["als", "fcf", "popularity", "random"]),
  rounds: z.number().int().positive().optional(),
  clientsFraction: z.number().gt(0).max(1).optional(),
  lr: z.number().positive().optional(),
  /** FCF learning-rate schedule (parseLrSchedule syntax; cosine's horizon defaults to the model's rounds). */
  lrSchedule: z.string().min(1).optional(),
}).strict();

export const fcfVsCfSchema = z.object({
  name: z.string().min(1),
  version: z.number().int().positive(),
  kind: z.literal("fcf-vs-cf"),
  description: z.string().optional(),
  data: z.object({
    file: z.string().min(1),
    format: z.enum(["movielens", "movielens-dat", "interactions", "sociopatterns"]),
    minWeight: z.number().nonnegative(),
    value: z.enum(["binary", "weight"]),
  }).strict(),
  split: z.object({ kind: z.enum(["random", "temporal"]), testFraction: z.number().gt(0).lt(1) }).strict(),
  seeds: z.array(z.string()).min(1),
  k: z.number().int().positive(),
  hyper,
  models: z.array(model).min(1),
  reference: z.string().min(1),
  curve: z.object({ every: z.number().int().positive() }).strict(),
}).strict().refine((c) => c.models.some((m) => m.label === c.reference), { path: ["reference"], message: "must be the label of one of the models" });

export const speedDatingSchema = z.object({
  name: z.string().min(1),
  version: z.number().int().positive(),
  kind: z.literal("speed-dating"),
  description: z.string().optional(),
  data: z.object({ file: z.string().min(1) }).strict(),
  seeds: z.array(z.string()).min(1),
  testFraction: z.number().gt(0).lt(1),
  algorithm: z.enum(["als", "fcf"]),
  rounds: z.number().int().positive(),
  hyper,
  grouping: z.object({
    rounds: z.number().int().positive(),
    groupSize: z.number().int().min(2),
    repeatPenalty: z.number().nonnegative(),
    repeatDecay: z.number().gt(0).max(1),
    mutual: z.enum(["mean", "min", "harmonic"]),
  }).strict(),
}).strict();

export type FcfVsCfConfig = z.infer<typeof fcfVsCfSchema>;
export type SpeedDatingConfig = z.infer<typeof speedDatingSchema>;
export type ExperimentConfig = FcfVsCfConfig | SpeedDatingConfig;

/** An experiment config that does not validate: one line listing every bad field. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Parses a config object; throws a ConfigError listing every bad field on one line ("file: a.b: …; c: …"). */
export function parseExperimentConfig(raw: unknown, source: string): ExperimentConfig {
  const kind = (raw as { kind?: unknown } | null)?.kind;
  const schema = kind === "speed-dating" ? speedDatingSchema : fcfVsCfSchema;
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message.replace(/\s+/g, " ")}`);
    throw new ConfigError(`${source}: ${issues.join("; ")}`);
  }
  if (r.data.kind === "fcf-vs-cf") {
    for (const [i, m] of r.data.models.entries()) {
      if (m.lrSchedule === undefined) continue;
      try {
        parseLrSchedule(m.lrSchedule, m.rounds ?? 1);
      } catch (err) {
        throw new ConfigError(`${source}: models.${i}.lrSchedule: ${(err as Error).message}`);
      }
    }
  }
  return r.data;
}
