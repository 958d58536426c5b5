// PDQ of one video frame as vPDQ computes it (vpdq/cpp/vpdq/cpp/hashing/pdqbufferhasher.cpp):
// the RGB24 frame at its own size, without the 512 rule that photos get, through PDQ's
// plain entry point. Pure: the frames come from whoever decoded the video.

import { pdqToHex } from '../../../match/pdq-value.js';
import type { VpdqFrame } from '../../../match/hash-types/vpdq/frames.js';
import { PdqHasher } from '../pdq/hasher.js';
import { frameTimestamp } from './sampling.js';

export class VpdqFrameHasher {
  private readonly pdq = new PdqHasher();

  constructor(
    readonly width: number,
    readonly height: number,
    readonly framesPerSecond: number,
  ) {}

  /** Hashes one frame: `rgb` holds width × height × 3 bytes, row by row. */
  hashFrame(rgb: Uint8Array, frameNumber: number): Required<VpdqFrame> {
    const { hash, quality } = this.pdq.hash({ width: this.width, height: this.height, channels: 3, data: rgb }, { resizeRule: false });
    return { frameNumber, quality, hash: pdqToHex(hash), timestamp: frameTimestamp(frameNumber, this.framesPerSecond) };
  }
}
