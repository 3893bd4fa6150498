/**
 * Text-encoding sniffing of input files: fedrec reads UTF-8 (or latin-1 for the speed-dating CSV) text.
 * A UTF-16 file or a binary file would otherwise parse into garbage ids (NUL bytes between characters);
 * this names the problem instead. Pure: it looks at the first bytes it is given.
 */

/** Why `head` (the first bytes of a file) is not text fedrec can read, or null when it looks like text. */
export function notTextReason(head: Uint8Array): string | null {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    return "the file is UTF-16 text (byte-order mark); save it as UTF-8";
  }
  let nul = 0;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0) nul++;
    else if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  if (nul > 0) {
    // UTF-16 without a byte-order mark: every other byte is NUL
    let alternate = 0;
    for (let i = 1; i < head.length; i += 2) if (head[i] === 0 || head[i - 1] === 0) alternate++;
    if (alternate >= 0.9 * Math.floor(head.length / 2)) return "the file looks like UTF-16 text (NUL bytes between characters); save it as UTF-8";
    return "the file is binary (it contains NUL bytes), not text";
  }
  if (control > Math.max(2, head.length / 100)) return "the file is binary (control bytes), not text";
  return null;
}

/** Longest accepted external id (characters): longer ones are almost surely a wrong column or a corrupt file. */
export const MAX_ID_LENGTH = 128;
