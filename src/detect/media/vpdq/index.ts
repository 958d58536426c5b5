// vPDQ hashing, the pure part: which frames, and each frame's PDQ. Decoding the video is
// I/O (an ffmpeg subprocess, src/services/media/video); matching is src/match/hash-types/vpdq.
export { VpdqFrameHasher } from './frame-hasher.js';
export { frameStep, frameTimestamp, isSampled } from './sampling.js';
export { formatFrameLine, formatVpdqValue, parseFrameLines, type VpdqFrame } from '../../../match/hash-types/vpdq/frames.js';
