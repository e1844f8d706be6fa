// Raw RGBA frames with timestamps, as a Matroska stream ffmpeg reads from a pipe. A frame that
// is the same as the one before is simply not sent: ffmpeg's fps filter holds the previous
// frame until the next timestamp, so the video has every frame while the pipe carries only
// the changed ones (on the demo, about a third of the frames are repeats).
//
// Only what that needs is written: the EBML header, a Segment and Clusters of unknown size
// (a stream), one uncompressed video track ('RGBA'), and SimpleBlocks with millisecond times.

/** A Matroska element: its ID bytes, an 8-byte size, its data. */
function element(id: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(id, 'hex'), size(data.length), data]);
}

/** An EBML size in its 8-byte form (fits any frame). */
function size(n: number): Buffer {
  const b = Buffer.alloc(8);
  b[0] = 0x01;
  b.writeUIntBE(n, 2, 6);
  return b;
}

/** The size of an element that runs until the next element of its level: a live stream's. */
const UNKNOWN_SIZE = Buffer.from('01ffffffffffffff', 'hex');

function uint(v: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(v));
  return b;
}

const ascii = (s: string) => Buffer.from(s, 'ascii');

/** Milliseconds a cluster may span: block times are 16-bit offsets from the cluster's. */
const CLUSTER_MS = 30_000;

export class MatroskaFrames {
  private clusterAt = -Infinity;

  constructor(private readonly width: number, private readonly height: number) {}

  /** The stream's start: everything before the first frame. */
  header(): Buffer {
    const ebml = element('1a45dfa3', Buffer.concat([
      element('4286', uint(1)), // EBMLVersion
      element('42f7', uint(1)), // EBMLReadVersion
      element('42f2', uint(4)), // EBMLMaxIDLength
      element('42f3', uint(8)), // EBMLMaxSizeLength
      element('4282', ascii('matroska')), // DocType
      element('4287', uint(4)), // DocTypeVersion
      element('4285', uint(2)), // DocTypeReadVersion
    ]));
    const info = element('1549a966', Buffer.concat([
      element('2ad7b1', uint(1_000_000)), // TimestampScale: 1 ms
      element('4d80', ascii('playback')), // MuxingApp
      element('5741', ascii('playback')), // WritingApp
    ]));
    const video = element('e0', Buffer.concat([
      element('b0', uint(this.width)), // PixelWidth
      element('ba', uint(this.height)), // PixelHeight
      element('2eb524', ascii('RGBA')), // ColourSpace: the raw pixel layout
    ]));
    const track = element('ae', Buffer.concat([
      element('d7', uint(1)), // TrackNumber
      element('73c5', uint(1)), // TrackUID
      element('83', uint(1)), // TrackType: video
      element('86', ascii('V_UNCOMPRESSED')), // CodecID
      video,
    ]));
    return Buffer.concat([ebml, Buffer.from('18538067', 'hex'), UNKNOWN_SIZE, info, element('1654ae6b', track)]);
  }

  /**
   * What goes before a frame's `bytes` pixels shown from `ms`: a new cluster when the last one
   * is full, and the block's own header. Times must not decrease.
   */
  frameHeader(ms: number, bytes: number): Buffer {
    const parts: Buffer[] = [];
    if (ms - this.clusterAt > CLUSTER_MS) {
      this.clusterAt = ms;
      parts.push(Buffer.from('1f43b675', 'hex'), UNKNOWN_SIZE, element('e7', uint(ms)));
    }
    const block = Buffer.alloc(4);
    block[0] = 0x81; // track 1
    block.writeInt16BE(ms - this.clusterAt, 1);
    block[3] = 0x80; // a keyframe
    parts.push(Buffer.from('a3', 'hex'), size(4 + bytes), block);
    return Buffer.concat(parts);
  }
}
