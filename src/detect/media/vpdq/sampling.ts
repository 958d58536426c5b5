// Which decoded frames vPDQ hashes, as the reference's file hasher picks them
// (vpdq/cpp/vpdq/cpp/hashing/filehasher.cpp): every `step`-th frame in decode order,
// `step` being seconds per hash × frame rate truncated to an integer, and never below 1,
// so 0 seconds per hash (the reference's `-r 0`) takes every frame.

export function frameStep(framesPerSecond: number, secondsPerHash: number): number {
  if (!(framesPerSecond > 0) || !Number.isFinite(framesPerSecond)) throw new RangeError(`a frame rate must be a positive number, got ${framesPerSecond}`);
  if (!(secondsPerHash >= 0) || !Number.isFinite(secondsPerHash)) throw new RangeError(`seconds per hash must be 0 or more, got ${secondsPerHash}`);
  return Math.max(1, Math.trunc(secondsPerHash * framesPerSecond));
}

/** Whether frame `frameNumber` (0-based, decode order) is hashed. */
export function isSampled(frameNumber: number, step: number): boolean {
  return frameNumber % step === 0;
}

/**
 * A frame's time as the reference prints it: the frame number over the frame rate, both
 * as float32 and divided in float32 (its VideoMetadata keeps the rate as a float).
 */
export function frameTimestamp(frameNumber: number, framesPerSecond: number): number {
  return Math.fround(Math.fround(frameNumber) / Math.fround(framesPerSecond));
}
