/**
 * One simulated device: it receives a ClientView after each round and keeps its own history. This is
 * the only place a user's conversation data lives; nothing here can reach the world.
 */
import type { ClientView } from "./client-view.js";
import { feedbackValue, type FeedbackScale } from "../core/fcf/feedback.js";

/** Which messages count as u's feedback about v: those u sent, or all exchanged with v. */
export type FeedbackSource = "sent" | "exchanged";

/** A device's local memory of its conversations, built from ClientViews only. */
export class Device {
  readonly userId: number;
  private readonly sent = new Map<number, number>();
  private readonly received = new Map<number, number>();
  private roundsSeen = 0;

  constructor(userId: number) {
    this.userId = userId;
  }

  /** Stores one round's view. Throws if the view belongs to another user (a wiring bug). */
  observe(view: ClientView): void {
    if (view.userId !== this.userId) {
      throw new Error(`device ${this.userId} received the view of user ${view.userId}`);
    }
    for (let i = 0; i < view.partners.length; i++) {
      const v = view.partners[i];
      this.sent.set(v, (this.sent.get(v) ?? 0) + view.sent[i]);
      this.received.set(v, (this.received.get(v) ?? 0) + view.received[i]);
    }
    this.roundsSeen += 1;
  }

  /** Number of rounds this device has observed. */
  get rounds(): number {
    return this.roundsSeen;
  }

  /**
   * The device's feedback row: partners with r_uv > 0 (ascending ids) and their r values, where r is the
   * cumulative message count (or its log1p) from `source`.
   */
  feedbackRow(source: FeedbackSource, scale: FeedbackScale): { items: Int32Array; values: Float64Array } {
    const ids: number[] = [];
    for (const [v, s] of this.sent) {
      const m = source === "sent" ? s : s + (this.received.get(v) ?? 0);
      if (m > 0) ids.push(v);
    }
    ids.sort((a, b) => a - b);
    const items = Int32Array.from(ids);
    const values = new Float64Array(items.length);
    for (let k = 0; k < items.length; k++) {
      const v = items[k];
      const s = this.sent.get(v) ?? 0;
      values[k] = feedbackValue(source === "sent" ? s : s + (this.received.get(v) ?? 0), scale);
    }
    return { items, values };
  }
}
