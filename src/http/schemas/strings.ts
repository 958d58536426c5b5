// Every string that enters through the API is checked here, on one rule
// (src/moderation/strings.ts): well-formed Unicode (no lone UTF-16 surrogate) and no NUL
// character, so that what the log hashes is what both stores keep and read back, and both
// stores answer the same input the same way. Ids, which the platform assigns and vigie
// keys on, are held to more: no control, bidirectional-override or zero-width character,
// which would make two ids look alike in a console or a report. Text written by users
// (posts, handles, links, identifiers) is taken as it is otherwise: refusing it would let a
// user keep a post from being scanned by typing one odd character.
import { z } from 'zod';
import { stringProblem } from '../../moderation/strings.js';
import { PLATFORM_ID } from '../../moderation/platform-ids.js';

/**
 * C0 controls (NUL included), DEL, C1 controls, zero-width space and joiners and the
 * directional marks (U+200B–U+200F), the bidirectional embeddings and overrides
 * (U+202A–U+202E), the invisible operators (U+2060–U+2064), the bidirectional isolates
 * (U+2066–U+2069) and the byte-order mark / zero-width no-break space (U+FEFF).
 */
export const ID_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

function storable(s: string, ctx: z.core.$RefinementCtx<string>): void {
  const problem = stringProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s });
}

function cleanId(s: string, ctx: z.core.$RefinementCtx<string>): void {
  const problem = stringProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s });
  else if (ID_FORBIDDEN.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'holds a control, bidirectional-override or zero-width character, which an id may not hold', input: s });
  }
}

interface Bounds {
  min?: number;
  max: number;
  /** Leading and trailing white space removed before the length is checked. */
  trim?: boolean;
}

function bounded({ min, max, trim }: Bounds) {
  let s = z.string();
  if (trim) s = s.trim();
  if (min !== undefined) s = s.min(min);
  return s.max(max);
}

/** An id the platform or vigie assigned: storable and free of invisible and control characters. */
export function idString(bounds: Bounds) {
  return bounded(bounds).superRefine(cleanId);
}

/** Free text (a post, a handle, a name, a reason, a URL): storable, otherwise as sent. */
export function textString(bounds: Bounds) {
  return bounded(bounds).superRefine(storable);
}

/** A platform's id for an account, a piece of content or a media item. */
export const Id = idString({ min: 1, max: 256 });
/**
 * The name a user gave a file they uploaded (NCMEC's originalFileName). Held to the id rule:
 * no control, bidirectional-override or zero-width character, which could make a name read
 * as something else in a console or a report (an "exe.jpg" reversed). Anything else, "/" and
 * ".." included, is kept as sent: vigie never uses it as a path or to tell the file's type.
 */
export const FileName = idString({ min: 1, max: 255 });
/** A platform vigie serves (src/moderation/platform-ids.ts). */
export const PlatformId = z.string().regex(PLATFORM_ID, 'a platform id is 1 to 32 lower-case letters, digits and inner hyphens');
/** A user's handle on the platform, as the platform shows it. */
export const Handle = textString({ min: 1, max: 256 });
/** The text of a post, comment, profile field or message. */
export const Text = textString({ max: 100_000 });
/** A link as the platform lists it. */
export const Link = textString({ min: 1, max: 4096 });
/** An account identifier (email, phone, device, payment). */
export const Identifier = textString({ min: 1, max: 512 });
/** Why a staff member did something, for the audit trail. */
export const Reason = textString({ min: 1, max: 500, trim: true });
