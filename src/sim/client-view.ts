/**
 * What one simulated device receives after a round, and nothing else (DESIGN §1, §3): its own id, the ids
 * of its current partners, and the messages of its current conversations. Client code is written against
 * this type only; it has no path to the world.
 */
export interface ClientView {
  /** The device's own user id. */
  readonly userId: number;
  /** 1-based round number of the conversation. */
  readonly round: number;
  /** Ids of the partners in this round's group (excluding the user itself). */
  readonly partners: Int32Array;
  /** sent[i]: messages this user sent to partners[i] in this round. */
  readonly sent: Int32Array;
  /** received[i]: messages partners[i] sent to this user in this round. */
  readonly received: Int32Array;
}
