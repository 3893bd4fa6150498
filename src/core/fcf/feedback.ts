/**
 * Implicit feedback of FCF (DESIGN §2, after Hu, Koren & Volinsky 2008): the raw value r_uv derived from
 * the messages u exchanged with v, and the confidence c_uv = 1 + α·r_uv the cost weights it with.
 * The preference is p_uv = 1 when r_uv > 0, else 0 (applied inside the solvers).
 */

/** How message counts become feedback values: the count itself, or log(1 + count). */
export type FeedbackScale = "count" | "log";

/** Feedback value r = messages ("count") or r = log1p(messages) ("log"); both are 0 for no messages. */
export function feedbackValue(messages: number, scale: FeedbackScale): number {
  return scale === "log" ? Math.log1p(messages) : messages;
}

/** Confidence c = 1 + α·r (unobserved pairs have r = 0, hence c = 1). */
export function confidence(r: number, alpha: number): number {
  return 1 + alpha * r;
}
